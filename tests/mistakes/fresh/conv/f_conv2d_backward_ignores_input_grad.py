"""Conv2D.backward always computes and returns dx, ignoring input_grad = False (it should set
dw and db only and return None).
"""

from s13_cnn.conv.conv import Conv2D, conv_backward

CONCEPT = "input_grad ignored: dx returned when it should be None"
NAMED_BY = ("input_grad", "return none", "returns none", "returned none", "should be none",
            "expected none")
LISTED = False


def backward_always_dx(self, dout):
    dx, self.dw, self.db = conv_backward(dout, self.cache)
    return dx


Conv2D.backward = backward_always_dx
