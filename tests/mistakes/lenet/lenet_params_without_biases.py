"""LeNet5.params() yields the weights only, so the optimiser never updates the biases."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "the biases missing from params(): the parameter names are c1.w, c1.b, ..., f7.b, biases "
    "included"
)


reference_params = LeNet5.params


def weights_only(self):
    for name, value, grad in reference_params(self):
        if name.endswith(".w"):  # only the weights: the biases are never trained
            yield name, value, grad


LeNet5.params = weights_only
