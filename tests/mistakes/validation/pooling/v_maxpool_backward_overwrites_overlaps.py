"""maxpool_backward scatters each window offset's routed gradient with = instead of +=, so where
windows overlap the last offset's slice (zeros included) overwrites the others."""

import numpy as np

CONCEPT = "= instead of += when scattering: overlapping windows lose gradient"
NAMED_BY = ("+=", "overwrit", "overlap", "add up", "lose gradient", "loses gradient")
LISTED = True


def maxpool_backward(dout, cache):
    N, H_out, W_out, C = dout.shape
    x_shape, arg, (PH, PW), s = cache  # the cache of maxpool_forward (unchanged)
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            routed = np.where(arg == i * PW + j, dout, 0)
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :] = routed  # not +=
    return dx
