"""pad2d builds its output with np.full(shape, value) and no dtype, so float32 and integer
inputs come back as float64."""

import numpy as np
from s13_cnn.padding.padding import pad2d as reference_pad2d


def pad2d(x, pad, value=0.0):
    return reference_pad2d(x, pad, value).astype(np.float64)  # np.full(shape, value): float64
