"""Conv2D.backward always computes and returns dx, even with input_grad = False."""

from s13_cnn.conv.conv import Conv2D, conv_backward

DIAGNOSIS = (
    "input_grad ignored: with input_grad False, backward sets dw and db only and returns None"
)


def backward_always_dx(self, dout):
    dx, self.dw, self.db = conv_backward(dout, self.cache)
    return dx


Conv2D.backward = backward_always_dx
