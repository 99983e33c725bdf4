"""softmax_cross_entropy returns the loss as a 0-d NumPy array instead of a Python float."""

import numpy as np
from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

CONCEPT = "the loss returned as a NumPy array, not a Python float"
NAMED_BY = ("python float", "float(", "a float", "0-d", "ndarray")
LISTED = True


def softmax_cross_entropy(logits, y):
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    return np.asarray(loss, dtype=logits.dtype), dlogits
