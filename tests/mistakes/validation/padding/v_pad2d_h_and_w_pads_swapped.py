"""pad2d unpacks normalize_pad's result as ((left, right), (top, bottom)), so H gets the width's
padding and W the height's."""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

CONCEPT = "the H and W paddings swapped"
NAMED_BY = ("swapped", "(pw, ph)", "pw, ph", "height padding", "width padding",
            "H and W padding", "padding of H and W")
LISTED = False


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    (left, right), (top, bottom) = normalize_pad(pad)  # the pairs in the wrong order
    out = np.full((N, H + top + bottom, W + left + right, C), value, dtype=x.dtype)
    out[:, top : top + H, left : left + W, :] = x
    return out
