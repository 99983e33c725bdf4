"""col2im divides every pixel by the number of windows that hold it, as if it had to invert
im2col, instead of returning the plain sum of the copies (the adjoint)."""

import numpy as np
from s13_cnn.im2col.im2col import col2im as reference_col2im

CONCEPT = "col2im averages overlapping copies (an inverse), not the adjoint sum"
NAMED_BY = (
    "inverse",
    "averag",
    "divided by the number",
    "divides by the number",
    "adjoint",
    "divided by the count",
    "divides by the count",
)
LISTED = False


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    total = reference_col2im(cols, x_shape, kernel, stride, pad)
    counts = reference_col2im(np.ones_like(cols), x_shape, kernel, stride, pad)
    return (total / np.maximum(counts, 1)).astype(cols.dtype, copy=False)
