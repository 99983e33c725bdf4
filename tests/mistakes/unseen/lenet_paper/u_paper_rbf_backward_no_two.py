"""RBFOutput.backward drops the factor 2 of the derivative of a square: dx = sum_i dout_i (x -
w_i).
"""

from s13_cnn.lenet_paper.lenet_paper import RBFOutput

CONCEPT = "RBF gradient missing the factor 2 of the squared distance"
NAMED_BY = ("factor 2", "factor of 2", "times 2", "twice", "half the", "2 * sum")
LISTED = False


def backward_without_two(self, dout):
    return dout.sum(axis=1, keepdims=True) * self.x - dout @ self.codes


RBFOutput.backward = backward_without_two
