"""RBFOutput.backward leaves out the 2 of d/dx (x - w)^2, returning half the input gradient."""

from s13_cnn.lenet_paper.lenet_paper import RBFOutput

CONCEPT = "RBF backward missing the factor 2"
NAMED_BY = ("factor 2", "factor of 2", "2 *", "twice", "half", "missing 2", "times 2")
LISTED = False


def backward_without_two(self, dout):
    return dout.sum(axis=1, keepdims=True) * self.x - dout @ self.codes


RBFOutput.backward = backward_without_two
