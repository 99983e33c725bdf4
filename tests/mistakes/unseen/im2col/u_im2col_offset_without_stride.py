"""im2col takes the window at (h + i, v + j), slicing with step 1, so the stride never moves the
windows.
"""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair, output_size, pad2d

CONCEPT = "window offset h + i instead of h*stride + i (stride ignored in the slices)"
NAMED_BY = ("h*stride", "h * stride", "stride ignored", "ignores the stride", "stride 2",
            "step stride", "window offset")
LISTED = True


def im2col(x, kernel, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    xp = pad2d(x, pad)
    cols = np.empty((N, H_out, W_out, KH, KW, C), dtype=x.dtype)
    for i in range(KH):
        for j in range(KW):
            cols[:, :, :, i, j, :] = xp[:, i : i + H_out, j : j + W_out, :]
    return cols.reshape(N * H_out * W_out, KH * KW * C)
