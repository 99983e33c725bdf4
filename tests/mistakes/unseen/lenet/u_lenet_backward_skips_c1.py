"""LeNet5.backward stops before C1 (reversed(self.layers[1:])), reasoning that C1 returns no
input gradient, so C1's dw and db are never computed.
"""

from s13_cnn.lenet.lenet import LeNet5

CONCEPT = "backward skips C1: its weight gradients never computed"
NAMED_BY = ("c1.w", "c1.b", "skips c1", "first layer", "c1's backward", "c1's gradient")
LISTED = False


def backward_without_c1(self, dlogits):
    d = dlogits.astype(self.dtype, copy=False)
    for layer in reversed(self.layers[1:]):
        d = layer.backward(d)


LeNet5.backward = backward_without_c1
