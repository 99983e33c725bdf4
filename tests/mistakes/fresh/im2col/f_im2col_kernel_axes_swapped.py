"""im2col flattens each window column by column, so its columns come in (kw, kh, c) order
instead of (kh, kw, c).
"""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair

CONCEPT = "columns in (kw, kh, c) order: the window flattened transposed"
NAMED_BY = ("(kw, kh, c)", "kw, kh, c", "kh and kw swapped", "kw and kh", "transposed",
            "column order", "order of the columns")
LISTED = False


def im2col(x, kernel, stride=1, pad=0):
    KH, KW = kernel_pair(kernel)
    C = x.shape[3]
    cols = reference_im2col(x, kernel, stride, pad)
    M = cols.shape[0]
    return cols.reshape(M, KH, KW, C).transpose(0, 2, 1, 3).reshape(M, KH * KW * C)
