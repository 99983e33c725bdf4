"""im2col allocates its columns with np.zeros(shape), without dtype=, so float32 input comes
back as float64."""

import numpy as np
from s13_cnn.im2col.im2col import im2col as reference_im2col

CONCEPT = "cols allocated as float64 whatever x's dtype"
NAMED_BY = ("float64", "dtype")
LISTED = True


def im2col(x, kernel, stride=1, pad=0):
    return reference_im2col(x, kernel, stride, pad).astype(np.float64)
