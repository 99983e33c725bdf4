"""RBFOutput returns the Euclidean distance instead of its square."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import RBFOutput

DIAGNOSIS = (
    "the distance, not its square: y[n, i] = sum_j (x[n, j] - codes[i, j])^2, no square root"
)

reference_forward = RBFOutput.forward
reference_backward = RBFOutput.backward


def forward_distance(self, x):
    self.d = np.sqrt(np.maximum(reference_forward(self, x), 1e-300))
    return self.d


def backward_distance(self, dout):
    return reference_backward(self, dout / (2 * self.d))


RBFOutput.forward = forward_distance
RBFOutput.backward = backward_distance
