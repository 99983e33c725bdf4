"""map_loss's gradient adds the softmax term instead of subtracting it,
dy = (onehot + exp(-y) / z) / N, so training pushes every penalty the same way.
"""

from s13_cnn.lenet_paper.lenet_paper import map_loss as reference_map_loss

CONCEPT = "MAP-loss gradient: the softmax term with the wrong sign"
NAMED_BY = ("wrong sign", "opposite sign", "sign flipped", "negated", "-exp(-y",
            "minus the softmax", "- e / z")
LISTED = False


def map_loss(y, labels, j=1.0):
    loss, dy = reference_map_loss(y, labels, j)
    N = y.shape[0]
    onehot = dy * 0
    onehot[range(N), labels] = 1.0 / N
    return loss, (2 * onehot - dy).astype(dy.dtype)
