"""softmax_cross_entropy normalises the softmax over axis 0, across the batch, instead of over
each row's classes."""

import numpy as np

CONCEPT = "softmax over the wrong axis (the batch, axis 0) instead of the classes"
NAMED_BY = ("axis", "over the batch", "column-wise", "per column", "normalised over",
            "normalized over", "sum to 1", "sums to 1")
LISTED = False


def softmax_cross_entropy(logits, y):
    N = logits.shape[0]
    shifted = logits - logits.max(axis=0, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    rows = np.arange(N)
    loss = -log_probs[rows, y].mean()
    dlogits = np.exp(log_probs)
    dlogits[rows, y] -= 1
    dlogits /= N
    return float(loss), dlogits.astype(logits.dtype, copy=False)
