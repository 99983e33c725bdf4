"""softmax_cross_entropy takes the max and the normalising sum over axis 0 (over the batch,
per class) instead of over each row's classes."""

import numpy as np

CONCEPT = "softmax normalised over the batch axis (axis 0), not over each row"
NAMED_BY = (
    "axis=0",
    "axis 0",
    "over the batch",
    "each row",
    "per row",
    "over the rows",
    "rows sum",
    "sum to 1",
)
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
