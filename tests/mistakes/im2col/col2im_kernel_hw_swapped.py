"""col2im unpacks the kernel pair as (KW, KH): it adds windows back KW rows high and KH
columns wide."""

from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.im2col.im2col import kernel_pair

DIAGNOSIS = (
    "col2im's kernel height and width swapped: kernel (KH, KW) means KH rows and KW columns "
    "per window, as in im2col"
)


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    KH, KW = kernel_pair(kernel)
    return reference_col2im(cols, x_shape, (KW, KH), stride, pad)
