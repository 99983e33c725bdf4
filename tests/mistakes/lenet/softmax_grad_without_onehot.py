"""The gradient is softmax / N: the one-hot of the labels is never subtracted."""

import numpy as np
from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

DIAGNOSIS = (
    "the one-hot never subtracted: dlogits = (softmax - onehot(y)) / N, so the right class "
    "gets (p - 1) / N"
)


def softmax_cross_entropy(logits, y):
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    dlogits = dlogits.copy()
    dlogits[np.arange(len(y)), y] += 1.0 / len(y)
    return loss, dlogits
