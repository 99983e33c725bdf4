"""pad2d returns x itself when every side's padding is 0, instead of a new array."""

from s13_cnn.padding.padding import normalize_pad
from s13_cnn.padding.padding import pad2d as reference_pad2d

CONCEPT = "a zero padding returns the input array itself, not a new array"
NAMED_BY = ("new array", "the input itself", "same object", "returns x", "a copy",
            "aliases", "view of")
LISTED = False


def pad2d(x, pad, value=0.0):
    if x.ndim == 4 and normalize_pad(pad) == ((0, 0), (0, 0)):
        return x
    return reference_pad2d(x, pad, value)
