"""train reports the epoch loss as the plain mean of the batch losses, so a smaller last
batch counts as much as a full one."""

import numpy as np

from ._training import install

DIAGNOSIS = (
    "the epoch loss is the mean of the batch losses: the last batch is smaller, so weight "
    "each by its size (sum loss * len, divide by N)"
)


def plain_mean(losses, sizes):
    return float(np.mean(losses))


install(epoch_loss=plain_mean)
