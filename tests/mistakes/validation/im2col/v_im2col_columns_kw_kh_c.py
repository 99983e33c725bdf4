"""im2col lays each window out in (kw, kh, c) column order, the kernel offsets transposed,
instead of (kh, kw, c)."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair

CONCEPT = "columns in (kw, kh, c) order: the window transposed in KH and KW"
NAMED_BY = ("(kw, kh, c)", "kw, kh", "kh and kw", "transposed window", "window transposed",
            "transposed in kh")
LISTED = False


def im2col(x, kernel, stride=1, pad=0):
    C = x.shape[3]
    KH, KW = kernel_pair(kernel)
    cols = reference_im2col(x, kernel, stride, pad)
    M = cols.shape[0]
    return cols.reshape(M, KH, KW, C).transpose(0, 2, 1, 3).reshape(M, KH * KW * C)
