"""pad2d allocates the output with np.zeros, so the border is 0 whatever fill value is
asked for."""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

CONCEPT = "the fill value ignored: border of zeros"
NAMED_BY = (
    "fill value",
    "value argument",
    "filled with 0",
    "zeros instead",
    "padding value",
    "ignores value",
    "ignores the value",
)
LISTED = True


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    (top, bottom), (left, right) = normalize_pad(pad)
    out = np.zeros((N, H + top + bottom, W + left + right, C), dtype=x.dtype)
    out[:, top : top + H, left : left + W, :] = x
    return out
