"""LeNet5.params names each parameter with an underscore ("c1_w") instead of the
contract's dotted name ("c1.w")."""

from s13_cnn.lenet.lenet import LeNet5

# no DIAGNOSIS: "parameter names in order" is all the structure's probes see, the same for
# every wrong order or name (lenet_params_weights_then_biases says it), so the feedback names
# it by that line and by the test's own message (the names expected and got)

reference_params = LeNet5.params


def params_underscore(self):
    for name, value, grad in reference_params(self):
        yield name.replace(".", "_"), value, grad


LeNet5.params = params_underscore
