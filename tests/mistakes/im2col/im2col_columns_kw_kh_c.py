"""im2col nests its kernel loops the wrong way round: columns in (kw, kh, c) order."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair

DIAGNOSIS = (
    "columns in (kw, kh, c) order, the kernel loops swapped: column (i*KW + j)*C + c holds "
    "kernel row i, column j, channel c"
)


def im2col(x, kernel, stride=1, pad=0):
    cols = reference_im2col(x, kernel, stride, pad)
    KH, KW = kernel_pair(kernel)
    C = x.shape[3]
    return cols.reshape(len(cols), KH, KW, C).transpose(0, 2, 1, 3).reshape(cols.shape)
