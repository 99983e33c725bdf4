"""map_loss returns the gradient of the summed loss: dy is not divided by N, although the
loss is a mean over the batch."""

from s13_cnn.lenet_paper.lenet_paper import map_loss as reference_map_loss

CONCEPT = "MAP gradient not divided by N"
NAMED_BY = (
    "divided by n",
    "not divided",
    "/ n",
    "times n",
    "n times",
    "batch size",
    "mean over the batch",
)
LISTED = False


def map_loss(y, labels, j=1.0):
    loss, dy = reference_map_loss(y, labels, j)
    return loss, dy * y.shape[0]
