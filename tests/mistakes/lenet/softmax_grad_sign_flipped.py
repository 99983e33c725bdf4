"""The gradient is (onehot - softmax) / N: the sign is flipped."""

from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

DIAGNOSIS = "the gradient's sign flipped: dlogits = (softmax - onehot) / N"


def softmax_cross_entropy(logits, y):
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    return loss, -dlogits
