"""pad2d copies x into the bottom-right corner: all the padding ends up on the top and left."""

from s13_cnn.padding.padding import normalize_pad
from s13_cnn.padding.padding import pad2d as reference_pad2d

DIAGNOSIS = (
    "all the padding at the top and left: x goes at rows top.., columns left.. "
    "(out[:, top:top + H, left:left + W])"
)


def pad2d(x, pad, value=0.0):
    out = reference_pad2d(x, pad, value)
    out[...] = value
    N, H, W, C = x.shape
    (top, bottom), (left, right) = normalize_pad(pad)
    out[:, top + bottom :, left + right :, :] = x
    return out
