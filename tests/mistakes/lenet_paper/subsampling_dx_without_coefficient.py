"""Subsampling's backward spreads dout over each block without multiplying by the map's
coefficient."""

from s13_cnn.lenet_paper.lenet_paper import Subsampling

DIAGNOSIS = (
    "dx without the coefficient: every pixel of a block gets dout * coef[c], the derivative "
    "of coef * sum"
)

reference_backward = Subsampling.backward


def backward_without_coef(self, dout):
    coef = self.coef
    dx = reference_backward(self, dout)
    safe = coef + (coef == 0)
    return dx / safe  # dout spread to every pixel of its block, coef left out


Subsampling.backward = backward_without_coef
