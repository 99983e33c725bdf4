"""LeNet5 starts with every weight and bias zero, and its backward does nothing (the
gradients stay the zeros they start as).

It must score no more than lenet_zero_weights_backward_unwritten: a gradient check on the
learner's own zero weights compares zeros with zeros.
"""

import numpy as np
from s13_cnn.lenet.lenet import LeNet5

BOUND = "lenet_zero_weights_backward_unwritten"
reference_init = LeNet5.__init__


def init_with_zero_weights(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    for layer in (self.c1, self.c3, self.c5, self.f6, self.f7):
        layer.w, layer.b = np.zeros_like(layer.w), np.zeros_like(layer.b)


def backward_does_nothing(self, dlogits):
    return None


LeNet5.__init__ = init_with_zero_weights
LeNet5.backward = backward_does_nothing
