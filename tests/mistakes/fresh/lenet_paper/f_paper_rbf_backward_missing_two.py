"""RBFOutput.backward returns sum_i dout[n, i] * (x[n] - codes[i]) without the factor 2 of the
square's derivative.
"""

from s13_cnn.lenet_paper.lenet_paper import RBFOutput

CONCEPT = "RBF gradient missing the factor 2"
NAMED_BY = ("factor 2", "factor of 2", "2 *", "half", "twice", "derivative of the square",
            "2 (x")
LISTED = False


def backward_without_two(self, dout):
    return dout.sum(axis=1, keepdims=True) * self.x - dout @ self.codes


RBFOutput.backward = backward_without_two
