"""global_avgpool_forward sums over H and W instead of averaging, and its backward passes dout
to every position undivided."""

import numpy as np

CONCEPT = "global pooling sums instead of averaging (not divided by H*W)"
NAMED_BY = ("sum", "not divided", "division", "h*w", "h * w", "number of pixels")
LISTED = False


def global_avgpool_forward(x):
    return x.sum(axis=(1, 2), dtype=x.dtype), x.shape


def global_avgpool_backward(dout, cache):
    dx = np.empty(cache, dtype=dout.dtype)
    dx[...] = dout[:, None, None, :]
    return dx
