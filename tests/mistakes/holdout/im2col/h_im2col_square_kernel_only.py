"""im2col takes the kernel height for both sides of the window (KW replaced by KH), so a
non-square kernel reads square windows."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair

CONCEPT = "the kernel's width ignored: KH used for both sides"
NAMED_BY = (
    "non-square",
    "kernel width",
    "width of the kernel",
    "square kernel",
    "KH for both",
    "KH x KH",
)
LISTED = False


def im2col(x, kernel, stride=1, pad=0):
    KH, KW = kernel_pair(kernel)
    return reference_im2col(x, (KH, KH), stride, pad)
