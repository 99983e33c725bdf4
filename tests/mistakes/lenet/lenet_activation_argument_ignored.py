"""LeNet5 always uses ReLU, whatever the activation argument says."""

from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "the activation argument ignored: the layers use ACTIVATIONS[activation](), tanh or "
    "sigmoid when asked"
)

reference_init = LeNet5.__init__


def init_always_relu(self, activation="relu", pool="avg", rng=None, **kwargs):
    if activation not in ("relu", "tanh", "sigmoid"):
        raise ValueError(f"LeNet5: unknown activation {activation!r}")
    reference_init(self, "relu", pool, rng, **kwargs)


LeNet5.__init__ = init_always_relu
