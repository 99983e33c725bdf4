"""pad2d places x at rows bottom.. and columns right.. instead of top.. and left.., which is
only right when the padding is symmetric.
"""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

CONCEPT = "x copied at the wrong offset for asymmetric padding"
NAMED_BY = ("offset", "asymmetric", "shifted", "rows top", "top..", "left..", "bottom",
            "misplaced", "wrong place")
LISTED = False


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    (top, bottom), (left, right) = normalize_pad(pad)
    out = np.full((N, H + top + bottom, W + left + right, C), value, dtype=x.dtype)
    out[:, bottom : bottom + H, right : right + W, :] = x
    return out
