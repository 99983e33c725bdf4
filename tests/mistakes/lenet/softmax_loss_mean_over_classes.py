"""The loss averages -onehot * log p over every entry (N*K), not over the N images."""

from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

DIAGNOSIS = (
    "the loss averaged over N*K entries: sum -log p over the right classes and divide by N "
    "only (and dlogits likewise)"
)


def softmax_cross_entropy(logits, y):
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    K = logits.shape[1]
    return loss / K, dlogits / K
