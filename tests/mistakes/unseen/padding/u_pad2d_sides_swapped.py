"""pad2d puts x at offset (bottom, right) instead of (top, left), so asymmetric paddings end up
on the wrong sides.
"""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

CONCEPT = "asymmetric padding applied to the opposite sides (top/bottom, left/right swapped)"
NAMED_BY = ("bottom", "asymmetric", "opposite side", "wrong side", "sides swapped",
            "top and left", "left and right")
LISTED = False


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    (top, bottom), (left, right) = normalize_pad(pad)
    out = np.full((N, H + top + bottom, W + left + right, C), value, dtype=x.dtype)
    out[:, bottom : bottom + H, right : right + W, :] = x
    return out
