"""global_avgpool_backward copies dout to every position without dividing it by H*W.
"""

import numpy as np

CONCEPT = "global-average gradient not divided by H*W"
NAMED_BY = ("h*w", "h * w", "divid", "times too large", "missing a division", "mean")
LISTED = False


def global_avgpool_backward(dout, cache):
    N, H, W, C = cache
    dx = np.empty(cache, dtype=dout.dtype)
    dx[...] = dout[:, None, None, :]
    return dx
