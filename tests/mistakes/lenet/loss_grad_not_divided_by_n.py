"""The loss is the batch mean but its gradient is softmax - onehot, not divided by N."""

from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

DIAGNOSIS = "the gradient not divided by N: the loss is a mean, so dlogits = (softmax - onehot) / N"



def softmax_cross_entropy(logits, y):
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    return loss, dlogits * logits.shape[0]  # softmax - onehot, the / N forgotten
