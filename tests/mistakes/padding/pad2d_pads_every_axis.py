"""pad2d hands the pad to np.pad as one number, so N and C are padded too."""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

DIAGNOSIS = (
    "N and C padded too: only H and W are padded, np.pad(x, ((0, 0), (top, bottom), "
    "(left, right), (0, 0)))"
)


def pad2d(x, pad, value=0.0):
    (top, bottom), (left, right) = normalize_pad(pad)
    if top == bottom == left == right:
        return np.pad(x, top, constant_values=value)  # every axis, N and C included
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=value)
