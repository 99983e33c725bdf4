"""pad2d always pads with zeros, ignoring the value argument.
"""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

CONCEPT = "fill value ignored: border filled with 0"
NAMED_BY = ("fill value", "value argument", "value=", "zeros", "filled with 0", "with 0",
            "np.zeros", "border holds 0")
LISTED = True


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    (top, bottom), (left, right) = normalize_pad(pad)
    out = np.zeros((N, H + top + bottom, W + left + right, C), dtype=x.dtype)
    out[:, top : top + H, left : left + W, :] = x
    return out
