"""pad2d returns x itself when every padding amount is 0, instead of a new array.
"""

from s13_cnn.padding.padding import normalize_pad
from s13_cnn.padding.padding import pad2d as reference_pad2d

CONCEPT = "returns the input (an alias) for zero padding, not a new array"
NAMED_BY = ("new array", "same object", "alias", "a copy", "copy of", ".copy()",
            "returned x", "returns x", "itself", "view")
LISTED = False


def pad2d(x, pad, value=0.0):
    if x.ndim == 4 and normalize_pad(pad) == ((0, 0), (0, 0)):
        return x  # nothing to pad
    return reference_pad2d(x, pad, value)
