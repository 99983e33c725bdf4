"""Conv2D.backward always runs conv_backward and returns dx, even when input_grad is False."""

from s13_cnn.conv.conv import Conv2D, conv_backward

CONCEPT = "input_grad = False ignored: dx computed and returned"
NAMED_BY = ("input_grad", "return none", "returns none", "should be none", "expected none")
LISTED = False


def backward_always_dx(self, dout):
    dx, self.dw, self.db = conv_backward(dout, self.cache)
    return dx


Conv2D.backward = backward_always_dx
