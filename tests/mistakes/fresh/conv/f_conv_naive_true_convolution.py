"""conv_forward_naive flips the kernel (a true convolution, w[::-1, ::-1]) where the stage's
convolution is a cross-correlation.
"""

from s13_cnn.conv.conv import conv_forward_naive as reference_conv_forward_naive

CONCEPT = "kernel flipped in the naive forward"
NAMED_BY = ("flip", "rot180", "rotated", "w[::-1", "true convolution", "cross-correlation",
            "cross correlation")
LISTED = True


def conv_forward_naive(x, w, b, stride=1, pad=0):
    return reference_conv_forward_naive(x, w[::-1, ::-1], b, stride, pad)
