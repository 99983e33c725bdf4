"""LeNet5.backward stops before C1 (its dx is not needed), so C1's dw and db are never
computed."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "C1 skipped in backward: C1 returns no dx but still needs its backward for dw and db; "
    "run every layer's backward"
)


def backward_without_c1(self, dlogits):
    d = dlogits.astype(self.dtype, copy=False)
    for layer in reversed(self.layers[1:]):  # c1 left out: nothing upstream needs dx
        d = layer.backward(d)


LeNet5.backward = backward_without_c1
