"""avgpool_backward spreads each window's share as if the windows stepped by the pool size,
ignoring the stride kept from forward."""

import numpy as np

DIAGNOSIS = (
    "avgpool_backward ignores the stride: window (h, w) starts at (h*stride, w*stride), as "
    "in forward; keep the stride in the cache and step by it"
)


def avgpool_backward(dout, cache):
    x_shape, (PH, PW), s = cache
    N, H_out, W_out, C = dout.shape
    share = dout / (PH * PW)
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            dx[:, i : i + PH * H_out : PH, j : j + PW * W_out : PW, :] += share  # step PH, PW
    return dx
