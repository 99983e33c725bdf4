"""RBFOutput.backward returns sum_i dout_i (x - w_i), leaving out the factor 2 of the
derivative of a square."""

from s13_cnn.lenet_paper.lenet_paper import RBFOutput

CONCEPT = "RBF gradient missing the factor 2"
NAMED_BY = ("factor 2", "factor of 2", "twice", "half the", "missing 2", "the 2 of")
LISTED = False


def backward_without_2(self, dout):
    return dout.sum(axis=1, keepdims=True) * self.x - dout @ self.codes


RBFOutput.backward = backward_without_2
