"""Max-pool backward copies dout to every entry of its window: the gradient of a sum."""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair

from ._maxpool import install

DIAGNOSIS = (
    "dout copied to every entry of its window: that is the gradient of a sum; in max pooling "
    "only the argmax gets it"
)


def copied(dout, cache):
    x, pool, stride, arg = cache
    PH, PW = kernel_pair(pool)
    s = PH if stride is None else stride
    H_out, W_out = dout.shape[1:3]
    dx = np.zeros(x.shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s] += dout
    return dx


install(backward=copied)
