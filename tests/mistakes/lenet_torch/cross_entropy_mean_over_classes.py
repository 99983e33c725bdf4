"""cross_entropy averages over every entry of the (N, K) one-hot product: the loss divided
by K."""

from s13_cnn.lenet_torch.lenet_torch import cross_entropy as reference_cross_entropy

DIAGNOSIS = (
    "the loss averaged over N*K entries: average -log p of the right class over the N images "
    "only"
)


def cross_entropy(logits, y):
    return reference_cross_entropy(logits, y) / logits.shape[1]
