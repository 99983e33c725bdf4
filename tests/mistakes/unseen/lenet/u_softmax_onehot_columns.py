"""softmax_cross_entropy subtracts the one-hot with dlogits[:, y] -= 1, which hits column y[n]
of every row instead of one entry per row.
"""

import numpy as np
from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

CONCEPT = "one-hot indexed as [:, y] instead of [arange(N), y]"
NAMED_BY = ("one-hot", "onehot", "[:, y]", "arange", "every row", "fancy index",
            "label column")
LISTED = False


def softmax_cross_entropy(logits, y):
    N = logits.shape[0]
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    p = dlogits * N
    p[np.arange(N), y] += 1
    p[:, y] -= 1
    return loss, (p / N).astype(logits.dtype, copy=False)
