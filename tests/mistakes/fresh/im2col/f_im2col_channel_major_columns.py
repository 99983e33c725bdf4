"""im2col flattens each window channel by channel, so its columns come in (c, kh, kw) order
instead of (kh, kw, c).
"""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair

CONCEPT = "columns in (c, kh, kw) order"
NAMED_BY = ("(c, kh, kw)", "c, kh, kw", "channel-major", "channels first", "channel first",
            "column order", "order of the columns")
LISTED = True


def im2col(x, kernel, stride=1, pad=0):
    KH, KW = kernel_pair(kernel)
    C = x.shape[3]
    cols = reference_im2col(x, kernel, stride, pad)
    M = cols.shape[0]
    return cols.reshape(M, KH, KW, C).transpose(0, 3, 1, 2).reshape(M, C * KH * KW)
