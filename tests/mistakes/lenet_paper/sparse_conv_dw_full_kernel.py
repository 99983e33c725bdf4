"""SparseConv2D's backward keeps the gradient of the whole dense kernel, (KH, KW, C, F),
instead of one per connection, (KH, KW, K)."""

from s13_cnn.conv.conv import conv_backward
from s13_cnn.lenet_paper.lenet_paper import SparseConv2D

DIAGNOSIS = (
    "dw of the whole dense kernel: dw has w's shape (KH, KW, K), one kernel per connection of "
    "the table, dfull[:, :, inputs, outputs]"
)


def backward_full(self, dout):
    dx, self.dw, self.db = conv_backward(dout, self.cache)
    return dx


SparseConv2D.backward = backward_full
