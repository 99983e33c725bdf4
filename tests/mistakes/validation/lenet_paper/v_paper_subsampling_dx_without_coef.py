"""Subsampling.backward hands every pixel of a block the block's dout without multiplying it by
the map's coefficient."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import Subsampling

reference_backward = Subsampling.backward

CONCEPT = "dx = dout spread over the block, not multiplied by coef"
NAMED_BY = ("dout * coef", "times coef", "times the coefficient", "multiplied by coef",
            "without coef", "without the coefficient", "missing coef",
            "missing the coefficient")
LISTED = False


def backward_dx_without_coef(self, dout):
    reference_backward(self, dout)  # dcoef and db stay right
    N, H2, W2, C = dout.shape
    dx = np.empty((N, 2 * H2, 2 * W2, C), dtype=dout.dtype)
    for i in (0, 1):
        for j in (0, 1):
            dx[:, i::2, j::2] = dout  # coef forgotten
    return dx


Subsampling.backward = backward_dx_without_coef
