"""conv_forward_naive allocates out with np.zeros(shape), without dtype=, so float32 input
gives float64 output."""

import numpy as np
from s13_cnn.conv.conv import conv_forward_naive as reference_conv_forward_naive

CONCEPT = "the naive output allocated as float64 whatever x's dtype"
NAMED_BY = ("float64", "dtype")
LISTED = True


def conv_forward_naive(x, w, b, stride=1, pad=0):
    return reference_conv_forward_naive(x, w, b, stride, pad).astype(np.float64)
