"""LeNet5.params names each parameter with an underscore ("c1_w") instead of the
contract's dotted name ("c1.w")."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = "parameter names not of the form 'c1.w'"

reference_params = LeNet5.params


def params_underscore(self):
    for name, value, grad in reference_params(self):
        yield name.replace(".", "_"), value, grad


LeNet5.params = params_underscore
