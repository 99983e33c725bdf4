"""Max-pool backward decodes the window offset k as (k // PH, k % PH) instead of
(k // PW, k % PW): right for square pools only."""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair

from ._maxpool import install

DIAGNOSIS = (
    "the window offset decoded with PH: offset k = i*PW + j gives i = k // PW, j = k % PW"
)


def decoded_with_ph(dout, cache):
    x, pool, stride, arg = cache
    PH, PW = kernel_pair(pool)
    s = PH if stride is None else stride
    N, H, W, C = x.shape
    H_out, W_out = dout.shape[1:3]
    rows = np.arange(H_out)[None, :, None, None] * s + arg // PH
    cols = np.arange(W_out)[None, None, :, None] * s + arg % PH
    ok = (rows < H) & (cols < W)
    dx = np.zeros((N, H * W, C), dtype=dout.dtype)
    n, c = np.arange(N)[:, None, None, None], np.arange(C)
    np.add.at(dx, (n, np.where(ok, rows * W + cols, 0), c), np.where(ok, dout, 0))
    return dx.reshape(N, H, W, C)


install(backward=decoded_with_ph)
