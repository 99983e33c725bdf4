"""pad2d copies x into the result at row `bottom` and column `right` instead of `top` and
`left`: right for symmetric padding, shifted for the ((top, bottom), (left, right)) form."""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

CONCEPT = "x placed at the wrong offset inside the padded result (bottom/right for top/left)"
NAMED_BY = ("shifted", "offset", "misplaced", "wrong place", "position of x", "x sits",
            "sits at")
LISTED = False


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    (top, bottom), (left, right) = normalize_pad(pad)
    out = np.full((N, H + top + bottom, W + left + right, C), value, dtype=x.dtype)
    out[:, bottom : bottom + H, right : right + W, :] = x
    return out
