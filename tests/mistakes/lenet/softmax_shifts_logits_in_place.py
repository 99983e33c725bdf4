"""Softmax subtracts the row max in place (logits -= ...), writing into the caller's
logits."""

from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

DIAGNOSIS = (
    "logits written into (logits -= ...): never write into an array you were given, build a new"
    " one"
)



def softmax_cross_entropy(logits, y):
    logits -= logits.max(axis=1, keepdims=True)  # stable, but writes into the argument
    return reference_softmax_cross_entropy(logits, y)
