"""im2col unpacks the kernel pair as (KW, KH): windows KW rows high and KH columns wide."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair

DIAGNOSIS = (
    "the kernel's height and width swapped: kernel (KH, KW) means KH rows and KW columns per "
    "window"
)


def im2col(x, kernel, stride=1, pad=0):
    KH, KW = kernel_pair(kernel)
    return reference_im2col(x, (KW, KH), stride, pad)
