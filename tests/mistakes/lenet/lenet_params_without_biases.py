"""LeNet5.params() yields the weights only, so the optimiser never updates the biases."""

from s13_cnn.lenet.lenet import LeNet5

reference_params = LeNet5.params


def weights_only(self):
    for name, value, grad in reference_params(self):
        if name.endswith(".w"):  # only the weights: the biases are never trained
            yield name, value, grad


LeNet5.params = weights_only
