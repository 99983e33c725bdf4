"""softmax_cross_entropy subtracts the row max but then takes np.log of the softmax
probabilities, so a probability that underflows to 0 gives log(0) = -inf."""

import numpy as np

CONCEPT = "log(softmax) instead of shifted - log(sum(exp(shifted))): log(0) for tiny probabilities"
NAMED_BY = ("log(0)", "log of the softmax", "log(softmax", "log-softmax", "log_softmax",
            "log probabilities", "underflow", "log-sum-exp", "logsumexp")
LISTED = False


def softmax_cross_entropy(logits, y):
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    p = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(N)
    with np.errstate(divide="ignore"):
        loss = -np.log(p[rows, y]).mean()
    dlogits = p.copy()
    dlogits[rows, y] -= 1
    dlogits /= N
    return float(loss), dlogits.astype(logits.dtype, copy=False)
