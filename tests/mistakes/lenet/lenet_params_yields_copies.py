"""LeNet5.params() yields copies of the parameters, so the optimizer updates the copies and
the model never changes."""

from s13_cnn.lenet.lenet import LeNet5

# no DIAGNOSIS of its own: on every probe it gives what train_never_steps gives (the
# model never changes), so that one's words say both

reference_params = LeNet5.params


def copies(self):
    for name, value, grad in reference_params(self):
        yield name, value.copy(), grad


LeNet5.params = copies
