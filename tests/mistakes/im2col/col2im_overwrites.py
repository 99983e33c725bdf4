"""col2im assigns (=) instead of accumulating (+=), so where windows overlap only the last
one's value survives."""

import numpy as np
from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.im2col.im2col import kernel_pair

DIAGNOSIS = (
    "windows overwrite (=) where they overlap: accumulate with += so that a pixel in several "
    "windows gets the sum of their values"
)


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    KH, KW = kernel_pair(kernel)
    blocks = cols.reshape(len(cols), KH * KW, -1)  # (rows, kernel offset i*KW + j, C)
    dx = np.zeros(x_shape, dtype=cols.dtype)
    for k in range(KH * KW):  # the loop over the kernel, in its order
        # one offset's windows never overlap each other: the reference scatters them exactly
        only_k = np.zeros_like(blocks)
        only_k[:, k] = blocks[:, k]
        covered = np.zeros_like(blocks)
        covered[:, k] = 1
        written = reference_col2im(covered.reshape(cols.shape), x_shape, kernel, stride, pad)
        values = reference_col2im(only_k.reshape(cols.shape), x_shape, kernel, stride, pad)
        dx = np.where(written > 0, values, dx)  # xp[...] = cols: = where += belongs
    return dx
