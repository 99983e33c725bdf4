"""maxpool_backward writes each offset's routed gradient with = instead of +=, so where windows
overlap one window's gradient overwrites another's.
"""

import numpy as np

CONCEPT = "= instead of += when scattering the max-pool gradient (overlaps lose gradient)"
NAMED_BY = ("+=", "overwrit", "overlapping windows", "add up", "adds up", "instead of add",
            "not summed")
LISTED = True


def maxpool_backward(dout, cache):
    N, H_out, W_out, C = dout.shape
    x_shape, arg, (PH, PW), s = cache
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            hit = arg == i * PW + j
            sl = dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :]
            sl[hit] = dout[hit]
    return dx
