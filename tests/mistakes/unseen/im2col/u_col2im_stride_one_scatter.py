"""col2im adds each offset's gradients back with slices of step 1 (i : i + H_out), as if the
stride were 1.
"""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair, output_size

CONCEPT = "col2im scatters without the stride (step 1 slices)"
NAMED_BY = ("stride ignored", "ignores the stride", "h*stride", "h * stride", "step stride",
            "stride 2", "strided slice")
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
            xp[:, i : i + H_out, j : j + W_out, :] += cols6[:, :, :, i, j, :]
    return xp[:, pad : pad + H, pad : pad + W, :].copy()
