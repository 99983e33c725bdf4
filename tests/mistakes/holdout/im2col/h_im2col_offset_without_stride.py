"""im2col reads the window at offset h + i instead of h*stride + i: every slice takes step 1,
so strided geometries read the wrong (overlapping) windows."""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair, output_size, pad2d

CONCEPT = "window offset h + i instead of h*stride + i (stride ignored)"
NAMED_BY = (
    "h*stride",
    "h * stride",
    "stride ignored",
    "ignores the stride",
    "ignores stride",
    "step 1",
    "stride of 1",
    "stride 1 windows",
    "without the stride",
)
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
