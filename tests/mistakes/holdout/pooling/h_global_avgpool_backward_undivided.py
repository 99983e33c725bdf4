"""global_avgpool_backward broadcasts dout to every position without dividing by H*W."""

import numpy as np

CONCEPT = "global average-pool gradient not divided by H*W"
NAMED_BY = (
    "H*W",
    "H * W",
    "not divided",
    "division",
    "divided by the number of positions",
    "times the number of positions",
)
LISTED = False


def global_avgpool_backward(dout, cache):
    dx = np.empty(cache, dtype=dout.dtype)
    dx[...] = dout[:, None, None, :]
    return dx
