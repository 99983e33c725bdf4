"""map_loss uses exp(+j) for the rubbish class instead of exp(-j)."""

import numpy as np

CONCEPT = "the constant term exp(+j) instead of exp(-j)"
NAMED_BY = ("exp(+j)", "exp(j)", "+j", "sign of j", "sign")
LISTED = False


def map_loss(y, labels, j=1.0):
    N, K = y.shape
    rows = np.arange(N)
    m = np.minimum(y.min(axis=1), -j)                  # every exponent <= 0
    e = np.exp(-(y - m[:, None]))
    z = np.exp(j + m) + e.sum(axis=1)                  # exp(+j), shifted
    loss = float(np.mean(y[rows, labels] - m + np.log(z)))
    dy = -e / z[:, None]
    dy[rows, labels] += 1
    dy /= N
    return loss, dy.astype(y.dtype, copy=False)
