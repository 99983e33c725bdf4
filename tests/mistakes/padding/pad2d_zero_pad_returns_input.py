"""pad2d returns x itself when the padding is zero, so the caller's output aliases (and may
later write into) the input."""

import numpy as np
from s13_cnn.padding.padding import pad2d as reference_pad2d


def pad2d(x, pad, value=0.0):
    if not np.any(pad):  # "nothing to do": hands back x itself
        return x
    return reference_pad2d(x, pad, value)
