"""softmax_cross_entropy returns dlogits = (onehot - softmax) / N, the negative of the
gradient, so training climbs the loss.
"""

from s13_cnn.lenet.lenet import softmax_cross_entropy as reference_softmax_cross_entropy

CONCEPT = "gradient of the loss with the wrong sign"
NAMED_BY = ("negated", "opposite sign", "wrong sign", "sign flipped", "onehot - softmax",
            "softmax - onehot", "negative of", "-1 times", "ascent")
LISTED = False


def softmax_cross_entropy(logits, y):
    loss, dlogits = reference_softmax_cross_entropy(logits, y)
    return loss, -dlogits
