"""Max pooling takes each window's max over every channel at once: all channels get the
same number."""

import numpy as np
from s13_cnn.pooling.pooling import maxpool_forward as reference_maxpool_forward

DIAGNOSIS = (
    "the max taken over the channels too: each channel is pooled on its own, "
    "window.max(axis=(0, 1)) per channel"
)


def maxpool_forward(x, pool=2, stride=None):
    out, cache = reference_maxpool_forward(x, pool, stride)
    return np.broadcast_to(out.max(axis=3, keepdims=True), out.shape).copy(), cache
