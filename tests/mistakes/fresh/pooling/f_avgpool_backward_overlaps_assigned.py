"""avgpool_backward always assigns each offset's share with = (as if windows never overlap),
so with stride < pool a pixel keeps only one window's share.
"""

import numpy as np

CONCEPT = "= instead of += in avg-pool backward: overlapping windows lose gradient"
NAMED_BY = ("+=", "overlap", "add up", "adds up", "accumulat", "overwrit", "summed")
LISTED = True


def avgpool_backward(dout, cache):
    N, H_out, W_out, C = dout.shape
    x_shape, (PH, PW), s = cache
    share = dout / (PH * PW)
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :] = share
    return dx
