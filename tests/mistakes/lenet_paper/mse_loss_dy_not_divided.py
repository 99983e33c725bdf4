"""mse_loss returns the mean penalty but a gradient of 1 at the right class: dy not
divided by N."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import mse_loss as reference_mse_loss

DIAGNOSIS = (
    "mse_loss's dy not divided by N: the loss is a mean over the batch, dy is 1/N at the "
    "right class"
)


def mse_loss(y, labels):
    loss, dy = reference_mse_loss(y, labels)
    return loss, np.asarray(dy) * len(y)
