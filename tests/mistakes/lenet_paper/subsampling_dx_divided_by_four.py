"""Subsampling's backward divides each block's gradient by 4, as if the block were averaged."""

from s13_cnn.lenet_paper.lenet_paper import Subsampling

DIAGNOSIS = (
    "dx divided by 4 as for an average: the block is summed, so every pixel of it gets "
    "dout * coef[c], undivided"
)

reference_backward = Subsampling.backward


def backward_quartered(self, dout):
    return reference_backward(self, dout) / 4


Subsampling.backward = backward_quartered
