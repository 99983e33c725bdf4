"""col2im divides each pixel's sum by the number of windows that hold it, an inverse of im2col
instead of its adjoint."""

import numpy as np
from s13_cnn.im2col.im2col import col2im as reference_col2im

CONCEPT = "col2im averages overlapping copies (an inverse) instead of summing them (the adjoint)"
NAMED_BY = ("averag", "inverse", "divided by the number", "divided by the count",
            "divides by the count", "mean instead of the sum", "mean of the")
LISTED = False


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    summed = reference_col2im(cols, x_shape, kernel, stride, pad)
    counts = reference_col2im(np.ones_like(cols), x_shape, kernel, stride, pad)
    return (summed / np.maximum(counts, 1)).astype(cols.dtype, copy=False)
