"""map_loss leaves out the constant exp(-j) inside the log: eq. 9 without its rubbish class."""

from s13_cnn.lenet_paper.lenet_paper import map_loss as reference_map_loss

DIAGNOSIS = "the exp(-j) term left out of the MAP loss: log(exp(-j) + sum_i exp(-y_i))"



def map_loss(y, labels, j=1.0):
    return reference_map_loss(y, labels, j=1e9)  # exp(-1e9) = 0: the term is gone
