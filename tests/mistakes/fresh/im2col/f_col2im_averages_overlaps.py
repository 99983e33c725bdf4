"""col2im divides every pixel by the number of windows that hold it, treating col2im as the
inverse of im2col instead of its adjoint.
"""

import numpy as np
from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.im2col.im2col import im2col

CONCEPT = "col2im as an inverse (averaging overlaps) instead of the adjoint (summing)"
NAMED_BY = ("inverse", "adjoint", "averag", "divided by the count", "divides by",
            "number of windows", "count")
LISTED = False


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    summed = reference_col2im(cols, x_shape, kernel, stride, pad)
    ones = np.ones(x_shape, dtype=cols.dtype)
    counts = reference_col2im(im2col(ones, kernel, stride, pad), x_shape, kernel, stride, pad)
    return np.where(counts > 0, summed / np.maximum(counts, 1), 0).astype(cols.dtype)
