"""The loss is summed over the batch instead of averaged, and its gradient likewise not
divided by N."""

from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

DIAGNOSIS = (
    "the loss summed, not averaged: the loss is the mean over the batch (divide by N), and so "
    "is its gradient"
)



def softmax_cross_entropy(logits, y):
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    N = logits.shape[0]
    return loss * N, dlogits * N  # a sum over the batch: neither divided by N
