"""col2im crops the padded image as xp[:, :H, :W], keeping the top-left corner instead of
dropping pad cells on each side.
"""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair, output_size

CONCEPT = "col2im crops from 0 instead of from pad (the result is shifted by the padding)"
NAMED_BY = ("crop", "pad : pad", "pad:pad", "shifted by the padding", "top-left corner",
            "padding border")
LISTED = False


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
            xp[:, i : i + stride * H_out : stride, j : j + stride * W_out : stride, :] += (
                cols6[:, :, :, i, j, :]
            )
    return xp[:, :H, :W, :].copy()
