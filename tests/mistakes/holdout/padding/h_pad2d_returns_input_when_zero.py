"""pad2d returns x itself when there is no padding to add, instead of a new array."""

from s13_cnn.padding.padding import normalize_pad
from s13_cnn.padding.padding import pad2d as reference_pad2d

CONCEPT = "returns the input itself (not a new array) for zero padding"
NAMED_BY = (
    "view",
    "returns x",
    "the input itself",
    "same object",
    "a copy",
    "new array",
    "aliases",
)
LISTED = False


def pad2d(x, pad, value=0.0):
    (top, bottom), (left, right) = normalize_pad(pad)
    if x.ndim == 4 and top == bottom == left == right == 0:
        return x
    return reference_pad2d(x, pad, value)
