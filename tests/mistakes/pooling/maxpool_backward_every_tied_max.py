"""Max-pool backward gives the gradient to every entry equal to the window's max, so a tie
sends it twice."""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair

from ._maxpool import install

DIAGNOSIS = (
    "every tied max gets the gradient: on a tie only the first max (row-major) gets it; "
    "np.argmax picks exactly one"
)


def every_max(dout, cache):
    x, pool, stride, arg = cache
    PH, PW = kernel_pair(pool)
    s = PH if stride is None else stride
    H_out, W_out = dout.shape[1:3]
    top = np.full(dout.shape, -np.inf)
    for i in range(PH):
        for j in range(PW):
            top = np.maximum(top, x[:, i : i + s * H_out : s, j : j + s * W_out : s])
    dx = np.zeros(x.shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            hit = x[:, i : i + s * H_out : s, j : j + s * W_out : s] == top
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s] += dout * hit
    return dx


install(backward=every_max)
