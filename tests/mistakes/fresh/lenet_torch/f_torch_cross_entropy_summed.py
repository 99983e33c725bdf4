"""cross_entropy returns the sum over the batch of the per-example losses instead of their
mean.
"""

from s13_cnn.lenet_torch.lenet_torch import cross_entropy as reference_cross_entropy

CONCEPT = "loss summed over the batch, not averaged"
NAMED_BY = ("summed", "sum of", "averag", "mean loss", "not the mean", "times n", "n times",
            ".mean()")
LISTED = True


def cross_entropy(logits, y):
    return reference_cross_entropy(logits, y) * logits.shape[0]
