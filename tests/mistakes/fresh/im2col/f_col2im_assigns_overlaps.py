"""col2im writes each kernel offset's values with = instead of +=, so where windows overlap
the last write wins and the other windows' contributions are lost.
"""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

CONCEPT = "= instead of += in col2im: overlapping windows overwrite instead of summing"
NAMED_BY = ("+=", "overlap", "add up", "adds up", "accumulat", "overwrit", "summed",
            "sum the")
LISTED = True


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    KH, KW = kernel_pair(kernel)
    H_out, W_out = output_size(H, KH, stride, pad), output_size(W, KW, stride, pad)
    if cols.shape != (N * H_out * W_out, KH * KW * C):
        raise ValueError(f"col2im: cols has shape {cols.shape}")
    cols6 = cols.reshape(N, H_out, W_out, KH, KW, C)
    xp = np.zeros((N, H + 2 * pad, W + 2 * pad, C), dtype=cols.dtype)
    for i in range(KH):
        for j in range(KW):
            xp[:, i : i + stride * H_out : stride, j : j + stride * W_out : stride, :] = (
                cols6[:, :, :, i, j, :]
            )
    return xp[:, pad : pad + H, pad : pad + W, :].copy()
