"""Both forward passes flip the kernel (the textbook convolution) instead of computing the
cross-correlation every framework computes."""

from s13_cnn.conv.conv import conv_forward as reference_conv_forward
from s13_cnn.conv.conv import conv_forward_naive as reference_conv_forward_naive

DIAGNOSIS = (
    "kernel flipped: that is textbook convolution; this course (like every framework) computes "
    "cross-correlation, use w[i, j] as it is"
)


def conv_forward_naive(x, w, b, stride=1, pad=0):
    return reference_conv_forward_naive(x, w[::-1, ::-1], b, stride, pad)  # textbook conv


def conv_forward(x, w, b, stride=1, pad=0):
    return reference_conv_forward(x, w[::-1, ::-1], b, stride, pad)
