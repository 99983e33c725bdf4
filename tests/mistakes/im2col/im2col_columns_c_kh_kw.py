"""im2col lays each window out channel-first, columns in (c, kh, kw) order (the NCHW habit)
instead of (kh, kw, c)."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair

DIAGNOSIS = (
    "columns in (c, kh, kw) order: that is the NCHW habit; in NHWC the columns run in (kh, kw, "
    "c) order, channels fastest"
)


def im2col(x, kernel, stride=1, pad=0):
    cols = reference_im2col(x, kernel, stride, pad)
    KH, KW = kernel_pair(kernel)
    C = x.shape[3]
    # fills an (..., C, KH, KW) array: columns in (c, kh, kw) order, as in NCHW code
    return cols.reshape(-1, KH, KW, C).transpose(0, 3, 1, 2).reshape(cols.shape)
