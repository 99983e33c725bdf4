"""Conv2D.backward always runs conv_backward and returns dx, ignoring input_grad = False, so a
first layer still pays for the col2im and returns an input gradient instead of None.
"""

from s13_cnn.conv.conv import Conv2D, conv_backward

CONCEPT = "input_grad = False ignored: backward returns dx instead of None"
NAMED_BY = ("input_grad", "return none", "returns none", "instead of none", "should be none",
            "conv_param_grads")
LISTED = False


def backward_ignoring_input_grad(self, dout):
    dx, self.dw, self.db = conv_backward(dout, self.cache)
    return dx


Conv2D.backward = backward_ignoring_input_grad
