"""map_loss adds log(exp(-j) + sum exp(-y)) with the wrong sign: it subtracts it."""

from s13_cnn.lenet_paper.lenet_paper import map_loss as reference_map_loss
from s13_cnn.lenet_paper.lenet_paper import mse_loss

DIAGNOSIS = (
    "the log term's sign flipped: loss = y[label] + log(exp(-j) + sum_i exp(-y_i)), it pushes "
    "the other penalties up"
)


def map_loss(y, labels, j=1.0):
    loss, dy = reference_map_loss(y, labels, j)
    plain, dplain = mse_loss(y, labels)
    return 2 * plain - loss, 2 * dplain - dy
