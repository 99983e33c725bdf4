"""Subsampling.forward averages each 2x2 block (sum / 4) before applying the coefficient,
instead of summing it."""

from s13_cnn.lenet_paper.lenet_paper import Subsampling

CONCEPT = "subsampling averages the block (/ 4) instead of summing it"
NAMED_BY = (
    "averag",
    "/ 4",
    "/4",
    "divided by 4",
    "mean of the block",
    "summed, not",
    "instead of summ",
)
LISTED = True

reference_forward = Subsampling.forward
reference_backward = Subsampling.backward


def forward_averaging(self, x):
    reference_forward(self, x)  # sets self.sums
    self.sums = self.sums / 4
    return self.sums * self.coef + self.b


def backward_averaging(self, dout):
    return reference_backward(self, dout) / 4


Subsampling.forward = forward_averaging
Subsampling.backward = backward_averaging
