"""conv_forward_naive flips the kernel (w[::-1, ::-1]), computing a textbook convolution instead
of the cross-correlation every framework computes.
"""

from s13_cnn.conv.conv import conv_forward_naive as reference_conv_forward_naive

CONCEPT = "kernel flipped: convolution instead of cross-correlation"
NAMED_BY = ("flip", "rotated", "180", "cross-correlation", "cross correlation")
LISTED = True


def conv_forward_naive(x, w, b, stride=1, pad=0):
    return reference_conv_forward_naive(x, w[::-1, ::-1].copy(), b, stride, pad)
