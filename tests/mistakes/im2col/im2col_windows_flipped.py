"""im2col reads each window back to front: column (i, j) holds the pixel at (KH-1-i, KW-1-j)."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair

DIAGNOSIS = (
    "each window read flipped (kernel offsets reversed): column (i*KW + j)*C + c holds "
    "xp[n, h*stride + i, w*stride + j, c], no flip"
)


def im2col(x, kernel, stride=1, pad=0):
    cols = reference_im2col(x, kernel, stride, pad)
    KH, KW = kernel_pair(kernel)
    four = cols.reshape(len(cols), KH, KW, -1)[:, ::-1, ::-1]
    return four.reshape(cols.shape)
