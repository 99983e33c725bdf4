"""avgpool_backward hands every pixel of a window the whole dout, without dividing by the
window size PH*PW."""

import numpy as np

CONCEPT = "average-pool gradient not divided by the window size"
NAMED_BY = (
    "not divided",
    "window size",
    "PH*PW",
    "PH * PW",
    "division",
    "/ 4",
    "4 * expected",
    "times the window",
)
LISTED = True


def avgpool_backward(dout, cache):
    x_shape, (PH, PW), s = cache
    N, H_out, W_out, C = dout.shape
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :] += dout
    return dx
