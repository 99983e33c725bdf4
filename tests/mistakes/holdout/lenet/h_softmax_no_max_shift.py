"""softmax_cross_entropy exponentiates the logits as they are, without subtracting each
row's max, so large logits overflow to inf and NaN."""

import numpy as np

CONCEPT = "no max subtraction before exp: overflow"
NAMED_BY = (
    "max subtraction",
    "subtract the row max",
    "subtract the max",
    "row max",
    "overflow",
    "stable",
    "stability",
)
LISTED = True


def softmax_cross_entropy(logits, y):
    N = logits.shape[0]
    e = np.exp(logits)
    probs = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(N)
    loss = -np.log(probs[rows, y]).mean()
    dlogits = probs.copy()
    dlogits[rows, y] -= 1
    dlogits /= N
    return float(loss), dlogits.astype(logits.dtype, copy=False)
