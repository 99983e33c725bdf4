"""softmax_cross_entropy returns dlogits = (onehot(y) - softmax(logits)) / N, the gradient
with its sign flipped."""

from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

CONCEPT = "dlogits with the wrong sign: onehot - softmax"
NAMED_BY = (
    "wrong sign",
    "sign flipped",
    "flipped sign",
    "sign of the",
    "negated",
    "onehot - softmax",
    "one-hot minus",
    "opposite direction",
    "-1 times",
)
LISTED = False


def softmax_cross_entropy(logits, y):
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    return loss, -dlogits
