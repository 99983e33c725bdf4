"""map_loss sums over the batch instead of averaging, and its gradient likewise."""

from s13_cnn.lenet_paper.lenet_paper import map_loss as reference_map_loss

DIAGNOSIS = "the MAP loss summed, not averaged: the mean over n (divide by N), and dy too"


def map_loss(y, labels, j=1.0):
    loss, dy = reference_map_loss(y, labels, j)
    return loss * len(y), dy * len(y)
