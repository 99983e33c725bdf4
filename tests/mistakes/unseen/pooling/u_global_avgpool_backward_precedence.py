"""global_avgpool_backward writes dout / H * W without parentheses, so the gradient is
multiplied by W / H instead of divided by H*W.
"""

import numpy as np

CONCEPT = "operator precedence: dout / H * W instead of dout / (H * W)"
NAMED_BY = ("precedence", "parenthes", "/ (h * w)", "/ (h*w)", "h*w", "h * w", "not divided")
LISTED = False


def global_avgpool_backward(dout, cache):
    N, H, W, C = cache
    dx = np.empty(cache, dtype=dout.dtype)
    dx[...] = (dout / H * W)[:, None, None, :]
    return dx
