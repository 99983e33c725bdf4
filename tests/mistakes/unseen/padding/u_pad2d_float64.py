"""pad2d allocates the result with np.full(shape, value) and no dtype, so float32 input comes
back float64.
"""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

CONCEPT = "the padded array's dtype promoted to float64 by the fill value"
NAMED_BY = ("float64", "dtype", "promot", "float32")
LISTED = True


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    (top, bottom), (left, right) = normalize_pad(pad)
    out = np.full((N, H + top + bottom, W + left + right, C), value)
    out[:, top : top + H, left : left + W, :] = x
    return out
