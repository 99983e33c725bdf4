"""mse_loss sums the right penalties instead of averaging them."""

from s13_cnn.lenet_paper.lenet_paper import mse_loss as reference_mse_loss

DIAGNOSIS = "summed, not averaged: the mean over n of y[n, label], dy 1/N at the right class"


def mse_loss(y, labels):
    loss, dy = reference_mse_loss(y, labels)
    return loss * len(y), dy * len(y)
