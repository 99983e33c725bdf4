"""map_loss returns the mean loss but the gradient of the summed loss: dy not divided by N."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import map_loss as reference_map_loss

DIAGNOSIS = "the MAP gradient not divided by N: the loss is a mean over the N rows, so dy /= N"


def map_loss(y, labels, j=1.0):
    loss, dy = reference_map_loss(y, labels, j)
    return loss, (dy * len(y)).astype(np.asarray(y).dtype, copy=False)
