"""im2col slices every kernel offset as xp[:, i : i + H_out, j : j + W_out] with step 1, so
its windows start at h + i instead of h * stride + i.
"""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size, pad2d

CONCEPT = "window offset h + i instead of h*stride + i (stride ignored in the slice)"
NAMED_BY = ("h*stride", "h * stride", "stride*h", "stride * h", "step stride", "::stride",
            "stride ignored", "ignores the stride", "ignored the stride")
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
