"""softmax_cross_entropy returns dlogits = softmax - onehot without dividing it by N.
"""

from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

CONCEPT = "dlogits not divided by N"
NAMED_BY = ("divided by n", "/ n", "by n", "batch size", "times n", "n times")
LISTED = True


def softmax_cross_entropy(logits, y):
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    return loss, (dlogits * logits.shape[0]).astype(dlogits.dtype)
