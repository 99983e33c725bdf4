"""pad2d applies the (top, bottom) amounts to the width and the (left, right) amounts to the
height: the two spatial axes' paddings are swapped.
"""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

CONCEPT = "H and W paddings swapped"
NAMED_BY = ("swapped", "swap", "transposed", "height and width", "h and w", "w and h",
            "rows and columns", "left/right", "top/bottom")
LISTED = False


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    (left, right), (top, bottom) = normalize_pad(pad)  # read in the wrong order
    out = np.full((N, H + top + bottom, W + left + right, C), value, dtype=x.dtype)
    out[:, top : top + H, left : left + W, :] = x
    return out
