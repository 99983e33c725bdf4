"""softmax_cross_entropy exponentiates the raw logits without subtracting each row's max, so
large logits overflow to inf and the loss and gradient become NaN.
"""

import numpy as np

CONCEPT = "softmax without the max subtraction (overflow)"
NAMED_BY = ("max subtraction", "subtract the row max", "subtract the max", "row max",
            "overflow", "nan", "inf", "stable", "stability")
LISTED = True


def softmax_cross_entropy(logits, y):
    N = logits.shape[0]
    e = np.exp(logits)
    probs = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(N)
    loss = -np.log(probs[rows, y]).mean()
    dlogits = probs.copy()
    dlogits[rows, y] -= 1
    return float(loss), (dlogits / N).astype(logits.dtype, copy=False)
