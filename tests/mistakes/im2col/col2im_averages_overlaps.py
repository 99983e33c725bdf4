"""col2im divides each pixel by the number of windows that hold it, as if it had to undo
im2col; col2im is im2col's adjoint and sums the overlapping windows."""

import numpy as np
from s13_cnn.im2col.im2col import col2im as reference_col2im

DIAGNOSIS = (
    "overlapping windows averaged, not summed: col2im is im2col's adjoint, not its inverse, "
    "so a pixel in k windows gets the sum of their k values (no division by k)"
)


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    summed = reference_col2im(cols, x_shape, kernel, stride, pad)
    counts = reference_col2im(np.ones_like(cols), x_shape, kernel, stride, pad)
    return summed / np.maximum(counts, 1)  # each pixel divided by its number of windows
