"""cross_entropy sums the per-image losses instead of averaging them over the batch."""

from s13_cnn.lenet_torch.lenet_torch import cross_entropy as reference_cross_entropy

DIAGNOSIS = "the loss summed, not averaged: cross_entropy is the mean over the batch (divide by N)"



def cross_entropy(logits, y):
    return reference_cross_entropy(logits, y) * logits.shape[0]
