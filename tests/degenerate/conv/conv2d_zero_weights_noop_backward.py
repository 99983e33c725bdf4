"""Conv2D starts with zero weights, and its backward does nothing: it returns zeros of
x's shape (None for a first layer) and leaves dw and db at the zeros they start as.

It must score no more than conv2d_zero_weights_backward_unwritten.
"""

import numpy as np
from s13_cnn.conv.conv import Conv2D

BOUND = "conv2d_zero_weights_backward_unwritten"
reference_init = Conv2D.__init__
reference_forward = Conv2D.forward


def init_with_zero_weights(self, *args, **kwargs):
    reference_init(self, *args, **kwargs)
    self.w = np.zeros_like(self.w)


def forward_keeping_x(self, x):
    self.x = x
    return reference_forward(self, x)


def backward_does_nothing(self, dout):
    return np.zeros_like(self.x) if self.input_grad else None


Conv2D.__init__ = init_with_zero_weights
Conv2D.forward = forward_keeping_x
Conv2D.backward = backward_does_nothing
