"""col2im crops xp[:, :H, :W] instead of xp[:, pad : pad + H, pad : pad + W], keeping the top
and left padding and dropping real pixels at the bottom and right.
"""

import numpy as np
from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.padding.padding import pad2d

CONCEPT = "col2im crops at the origin instead of at offset pad"
NAMED_BY = ("crop", "offset", "shifted", "pad : pad + h", "pad:pad+h", "[pad:",
            "top-left", "top left", "off by pad")
LISTED = False


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    if not pad:
        return reference_col2im(cols, x_shape, kernel, stride, pad)
    padded = pad2d(np.zeros((N, H, W, C), dtype=cols.dtype), pad).shape
    xp = reference_col2im(cols, padded, kernel, stride, 0)
    return xp[:, :H, :W, :].copy()
