"""pad2d pads the last two axes, as for an NCHW array, so W and C are padded instead of
H and W."""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

CONCEPT = "NCHW habit: the last two axes padded instead of H and W"
NAMED_BY = (
    "NCHW",
    "channel axis",
    "padded C",
    "pads C",
    "axes 2 and 3",
    "wrong axes",
    "last two axes",
    "spatial axes",
)
LISTED = False


def pad2d(x, pad, value=0.0):
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    (top, bottom), (left, right) = normalize_pad(pad)
    widths = ((0, 0), (0, 0), (top, bottom), (left, right))
    return np.pad(x, widths, constant_values=value)
