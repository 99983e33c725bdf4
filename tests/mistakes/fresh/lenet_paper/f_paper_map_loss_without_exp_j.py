"""map_loss leaves out the exp(-j) term, computing y[label] + log(sum_i exp(-y[i])): a plain
softmax cross-entropy on the negated penalties.
"""

import numpy as np

CONCEPT = "MAP loss without the exp(-j) term"
NAMED_BY = ("exp(-j)", "e^-j", "e^(-j)", "the j term", "constant j", "term j",
            "rubbish class")
LISTED = True


def map_loss(y, labels, j=1.0):
    N = y.shape[0]
    rows = np.arange(N)
    m = y.min(axis=1)
    e = np.exp(-(y - m[:, None]))
    z = e.sum(axis=1)
    loss = float(np.mean(y[rows, labels] - m + np.log(z)))
    dy = -e / z[:, None]
    dy[rows, labels] += 1
    dy /= N
    return loss, dy.astype(y.dtype, copy=False)
