"""pad2d reads ((top, bottom), (left, right)) as ((top, left), (bottom, right))."""

import numpy as np
from s13_cnn.padding.padding import pad2d as reference_pad2d

DIAGNOSIS = (
    "((top, bottom), (left, right)) read as ((top, left), (bottom, right)): the first pair "
    "pads H (rows), the second W (columns)"
)


def pad2d(x, pad, value=0.0):
    if not isinstance(pad, int | np.integer) and not isinstance(pad[0], int | np.integer):
        (top, left), (bottom, right) = pad
        pad = ((top, bottom), (left, right))
    return reference_pad2d(x, pad, value)
