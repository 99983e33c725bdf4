"""SparseConv2D's backward fills dw but never stores the bias gradient: db stays zero."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import SparseConv2D

DIAGNOSIS = (
    "SparseConv2D's db left at zero: conv_backward returns (dx, dw, db), keep "
    "self.db = db, one sum per output map"
)

reference_backward = SparseConv2D.backward


def backward_without_db(self, dout):
    dx = reference_backward(self, dout)
    self.db = np.zeros_like(self.b)
    return dx


SparseConv2D.backward = backward_without_db
