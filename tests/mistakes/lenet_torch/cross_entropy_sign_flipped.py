"""cross_entropy returns logit[y] - logsumexp: the negative of the loss."""

from s13_cnn.lenet_torch.lenet_torch import cross_entropy as reference_cross_entropy

DIAGNOSIS = "the loss's sign flipped: cross-entropy is logsumexp(logits) - logits[y] (>= 0)"


def cross_entropy(logits, y):
    return -reference_cross_entropy(logits, y)
