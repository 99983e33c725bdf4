"""im2col flattens each window channel first, in (c, kh, kw) order, the NCHW habit, so its
columns no longer match w.reshape(KH*KW*C, F).
"""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair, output_size, pad2d

CONCEPT = "columns in (c, kh, kw) order instead of (kh, kw, c)"
NAMED_BY = ("(c, kh, kw)", "c, kh, kw", "channel first", "channels first", "column order",
            "channel-major")
LISTED = True


def im2col(x, kernel, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    xp = pad2d(x, pad)
    cols = np.empty((N, H_out, W_out, C, KH, KW), dtype=x.dtype)
    for i in range(KH):
        for j in range(KW):
            sl = xp[:, i : i + stride * H_out : stride, j : j + stride * W_out : stride, :]
            cols[:, :, :, :, i, j] = sl
    return cols.reshape(N * H_out * W_out, KH * KW * C)
