"""LeNet5 puts an activation after F7 too, squashing the logits."""

from s13_cnn.lenet.layers import ACTIVATIONS
from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "an activation after F7: the logits are F7's output as it is; the activation follows C1, "
    "C3, C5 and F6 only"
)

reference_init = LeNet5.__init__


def init_with_last_activation(self, activation="relu", pool="avg", rng=None, **kwargs):
    reference_init(self, activation, pool, rng, **kwargs)
    self.layers.append(ACTIVATIONS[activation]())


LeNet5.__init__ = init_with_last_activation
