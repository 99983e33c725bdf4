"""map_loss returns the gradient with its sign flipped, (exp(-y) / Z - onehot) / N; the loss
value is right."""

from s13_cnn.lenet_paper.lenet_paper import map_loss as reference_map_loss

CONCEPT = "MAP gradient negated"
NAMED_BY = ("sign", "negated", "opposite", "-dy", "flipped")
LISTED = False


def map_loss(y, labels, j=1.0):
    loss, dy = reference_map_loss(y, labels, j)
    return loss, -dy
