"""pad2d allocates with np.full(shape, value) without dtype=, so float32 input comes back as
float64."""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

CONCEPT = "output allocated as float64: the input dtype not kept"
NAMED_BY = ("dtype", "float64", "promot")
LISTED = True


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    (top, bottom), (left, right) = normalize_pad(pad)
    out = np.full((N, H + top + bottom, W + left + right, C), value)
    out[:, top : top + H, left : left + W, :] = x
    return out
