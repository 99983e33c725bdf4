"""Average-pool backward assigns (=) each offset's share, so where windows overlap only the
last window's share survives."""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward

DIAGNOSIS = (
    "overlapping windows overwrite each other's share (=): accumulate with += where windows "
    "overlap"
)


def avgpool_forward(x, pool=2, stride=None):
    out, _ = reference_avgpool_forward(x, pool, stride)
    PH, PW = kernel_pair(pool)
    return out, (x.shape, PH, PW, PH if stride is None else stride)


def avgpool_backward(dout, cache):
    x_shape, PH, PW, s = cache
    H_out, W_out = dout.shape[1:3]
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s] = dout / (PH * PW)
    return dx
