"""col2im adds each window back flipped: kernel offset (i, j) lands at (KH-1-i, KW-1-j)."""

from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.im2col.im2col import kernel_pair

DIAGNOSIS = (
    "each window added back flipped (kernel offsets reversed): column (i*KW + j)*C + c goes "
    "back to xp[n, h*stride + i, w*stride + j, c]"
)


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    KH, KW = kernel_pair(kernel)
    if cols.ndim != 2 or cols.shape[1] % (KH * KW):
        return reference_col2im(cols, x_shape, kernel, stride, pad)
    flipped = cols.reshape(len(cols), KH, KW, -1)[:, ::-1, ::-1].reshape(cols.shape)
    return reference_col2im(flipped, x_shape, kernel, stride, pad)
