"""maxpool_backward writes each offset's routed gradient with = instead of +=, so where
windows overlap a pixel keeps only the last window's gradient.
"""

import numpy as np

CONCEPT = "= instead of += when scattering max-pool gradients (overlaps lost)"
NAMED_BY = ("+=", "overlap", "add up", "adds up", "accumulat", "overwrit", "summed")
LISTED = True


def maxpool_backward(dout, cache):
    N, H_out, W_out, C = dout.shape
    x_shape, arg, (PH, PW), s = cache
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            routed = np.where(arg == i * PW + j, dout, 0)
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :] = routed  # overlaps lost
    return dx
