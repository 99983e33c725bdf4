"""mse_loss returns a gradient of 1 at the right class, forgetting that the loss is a mean over
the N images (1/N).
"""

import numpy as np

CONCEPT = "MSE criterion gradient not divided by N"
NAMED_BY = ("1/n", "1 / n", "divided by n", "not divided", "division by n")
LISTED = False


def mse_loss(y, labels):
    N, K = y.shape
    rows = np.arange(N)
    dy = np.zeros_like(y)
    dy[rows, labels] = 1.0
    return float(y[rows, labels].mean()), dy
