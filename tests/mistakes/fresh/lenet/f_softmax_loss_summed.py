"""softmax_cross_entropy returns the sum of the per-example losses instead of their mean.
"""

from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

CONCEPT = "loss summed, not averaged"
NAMED_BY = ("summed", "sum of", "averag", "mean loss", "not the mean", "times n", "n times")
LISTED = True


def softmax_cross_entropy(logits, y):
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    return loss * logits.shape[0], dlogits
