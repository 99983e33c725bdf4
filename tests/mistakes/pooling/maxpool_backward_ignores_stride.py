"""maxpool_backward places each window's gradient as if the windows stepped by the pool
size, ignoring the stride kept from forward."""

import numpy as np

DIAGNOSIS = (
    "maxpool_backward ignores the stride: window (h, w) starts at (h*stride, w*stride), as "
    "in forward; keep the stride in the cache and step by it"
)


def maxpool_backward(dout, cache):
    x_shape, arg, (PH, PW), s = cache
    N, H_out, W_out, C = dout.shape
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            routed = np.where(arg == i * PW + j, dout, 0)
            dx[:, i : i + PH * H_out : PH, j : j + PW * W_out : PW, :] += routed  # step PH, PW
    return dx
