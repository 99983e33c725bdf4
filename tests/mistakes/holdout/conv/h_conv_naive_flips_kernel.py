"""conv_forward_naive multiplies each patch by the kernel rotated by 180 degrees (textbook
convolution), not by the kernel as it is (cross-correlation)."""

import numpy as np
from s13_cnn.conv.conv import conv_forward_naive as reference_conv_forward_naive

CONCEPT = "the kernel flipped (true convolution instead of cross-correlation)"
NAMED_BY = ("flip", "rotated", "180", "cross-correlation", "true convolution")
LISTED = True


def conv_forward_naive(x, w, b, stride=1, pad=0):
    return reference_conv_forward_naive(x, np.ascontiguousarray(w[::-1, ::-1]), b, stride, pad)
