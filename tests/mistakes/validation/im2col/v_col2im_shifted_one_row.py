"""col2im adds every window back one row too low (xp[:, i + 1 : ...] in the kernel loop), so the
gradient lands on the row below the pixel it came from."""

import numpy as np
from s13_cnn.im2col.im2col import col2im as reference_col2im

CONCEPT = "off-by-one row offset in the add-back: the result shifted down one row"
NAMED_BY = ("shifted", "one row", "off by one", "off-by-one", "i + 1", "displaced")
LISTED = False


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    full = reference_col2im(cols, (N, H + 2 * pad, W + 2 * pad, C), kernel, stride, 0)
    shifted = np.zeros_like(full)
    shifted[:, 1:] = full[:, :-1]  # every add one row lower; the last row falls off
    return shifted[:, pad : pad + H, pad : pad + W, :].copy()
