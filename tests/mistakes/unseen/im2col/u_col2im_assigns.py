"""col2im writes each offset's slice with = instead of adding it, so overlapping windows
overwrite each other's gradient.
"""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair, output_size

CONCEPT = "= instead of += in col2im: overlapping windows not summed"
NAMED_BY = ("+=", "overwrit", "instead of add", "not summed", "sums overlapping",
            "overlapping windows", "adds up", "add up")
LISTED = True


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    KH, KW = kernel_pair(kernel)
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    expected = (N * H_out * W_out, KH * KW * C)
    if cols.shape != expected:
        raise ValueError(f"col2im: cols has shape {cols.shape}, expected {expected}")
    cols6 = cols.reshape(N, H_out, W_out, KH, KW, C)
    xp = np.zeros((N, H + 2 * pad, W + 2 * pad, C), dtype=cols.dtype)
    for i in range(KH):
        for j in range(KW):
            xp[:, i : i + stride * H_out : stride, j : j + stride * W_out : stride, :] = (
                cols6[:, :, :, i, j, :]
            )
    return xp[:, pad : pad + H, pad : pad + W, :].copy()
