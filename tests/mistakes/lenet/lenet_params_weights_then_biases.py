"""LeNet5.params() yields all the weights first, then all the biases."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "the parameters in another order, or under other names: params() yields c1.w, c1.b, "
    "c3.w, c3.b, ..., f7.b, layer by layer, each named <layer>.<w|b>"
)

reference_params = LeNet5.params


def weights_first(self):
    found = list(reference_params(self))
    yield from [p for p in found if p[0].endswith(".w")] + [p for p in found
                                                             if p[0].endswith(".b")]


LeNet5.params = weights_first
