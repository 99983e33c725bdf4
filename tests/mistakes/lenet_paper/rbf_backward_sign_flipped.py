"""RBFOutput's backward differentiates (codes - x)^2 as 2 (codes - x): dx's sign flipped."""

from s13_cnn.lenet_paper.lenet_paper import RBFOutput

DIAGNOSIS = (
    "dx with its sign flipped: d/dx (x - c)^2 = 2 (x - c), so dx = 2 * sum_i dout[n, i] * "
    "(x[n] - codes[i])"
)

reference_backward = RBFOutput.backward


def backward_flipped(self, dout):
    return -reference_backward(self, dout)


RBFOutput.backward = backward_flipped
