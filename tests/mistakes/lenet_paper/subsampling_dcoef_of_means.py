"""Subsampling's coefficient gradient uses each block's mean instead of its sum."""

from s13_cnn.lenet_paper.lenet_paper import Subsampling

DIAGNOSIS = (
    "dcoef from the blocks' means: out = coef * SUM of the block + b, so dcoef sums dout * the "
    "block sums"
)

reference_backward = Subsampling.backward


def backward_dcoef_of_means(self, dout):
    dx = reference_backward(self, dout)
    self.dcoef = self.dcoef / 4
    return dx


Subsampling.backward = backward_dcoef_of_means
