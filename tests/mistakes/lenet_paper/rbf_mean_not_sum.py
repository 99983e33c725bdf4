"""RBFOutput averages the squared differences over the 84 units instead of summing them
(forward and backward both divided by 84)."""

from s13_cnn.lenet_paper.lenet_paper import RBFOutput

DIAGNOSIS = (
    "the squared distance averaged over the 84 units: the penalty is the sum, "
    "y[n, i] = sum_j (x[n, j] - codes[i, j])^2"
)

reference_forward = RBFOutput.forward
reference_backward = RBFOutput.backward


def forward_mean(self, x):
    return reference_forward(self, x) / x.shape[1]


def backward_mean(self, dout):
    return reference_backward(self, dout) / self.codes.shape[1]


RBFOutput.forward = forward_mean
RBFOutput.backward = backward_mean
