"""Subsampling.backward spreads dout itself to the four pixels of each block, forgetting to
multiply it by the map's coefficient.
"""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import Subsampling

CONCEPT = "subsampling input gradient missing the coefficient factor"
NAMED_BY = ("coef", "coefficient", "dout * coef", "times the coef", "chain rule")
LISTED = False


def backward_without_coef(self, dout):
    N, H2, W2, C = dout.shape
    self.dcoef = (dout * self.sums).sum(axis=(0, 1, 2)).astype(self.coef.dtype, copy=False)
    self.db = dout.sum(axis=(0, 1, 2)).astype(self.b.dtype, copy=False)
    dx = np.empty((N, 2 * H2, 2 * W2, C), dtype=dout.dtype)
    for i in (0, 1):
        for j in (0, 1):
            dx[:, i::2, j::2] = dout
    return dx


Subsampling.backward = backward_without_coef
