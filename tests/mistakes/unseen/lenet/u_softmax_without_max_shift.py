"""softmax_cross_entropy exponentiates the raw logits without subtracting each row's max, so
large logits overflow to inf and nan.
"""

import numpy as np

CONCEPT = "softmax without the max-subtraction trick (overflow)"
NAMED_BY = ("row max", "subtract the max", "max-subtraction", "overflow", "nan or inf",
            "stable", "stabil")
LISTED = True


def softmax_cross_entropy(logits, y):
    N = logits.shape[0]
    e = np.exp(logits)
    p = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(N)
    loss = -np.log(p[rows, y]).mean()
    dlogits = p.copy()
    dlogits[rows, y] -= 1
    dlogits /= N
    return float(loss), dlogits.astype(logits.dtype, copy=False)
