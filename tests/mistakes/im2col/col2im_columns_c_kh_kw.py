"""col2im reads the columns in (c, kh, kw) order (the NCHW habit) instead of (kh, kw, c)."""

from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.im2col.im2col import kernel_pair

DIAGNOSIS = (
    "columns read in (c, kh, kw) order: col2im undoes im2col's layout, columns in (kh, kw, c) "
    "order, channels fastest"
)


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    KH, KW = kernel_pair(kernel)
    C = x_shape[3]
    by_kernel = cols.reshape(len(cols), C, KH, KW).transpose(0, 2, 3, 1).reshape(cols.shape)
    return reference_col2im(by_kernel, x_shape, kernel, stride, pad)
