"""LeNet5Paper starts with every trainable number zero, and its backward does nothing (the
gradients stay the zeros they start as).

It must score no more than paper_zero_weights_backward_unwritten.
"""

from s13_cnn.lenet_paper.lenet_paper import LeNet5Paper

BOUND = "paper_zero_weights_backward_unwritten"
reference_init = LeNet5Paper.__init__


def init_with_zero_weights(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    for _, value, _ in self.params():
        value[...] = 0


def backward_does_nothing(self, dy):
    return None


LeNet5Paper.__init__ = init_with_zero_weights
LeNet5Paper.backward = backward_does_nothing
