"""pad2d starts from np.full(value) and adds x into it, so the inside is x + value."""

import numpy as np
from s13_cnn.padding.padding import normalize_pad

DIAGNOSIS = (
    "x added (+=) onto the fill value instead of copied: the inside must hold x itself, "
    "out[:, top:top + H, left:left + W] = x"
)


def pad2d(x, pad, value=0.0):
    (top, bottom), (left, right) = normalize_pad(pad)
    N, H, W, C = x.shape
    out = np.full((N, H + top + bottom, W + left + right, C), value, dtype=x.dtype)
    out[:, top : top + H, left : left + W, :] += x
    return out
