"""LeNet5 checks the activation name but always builds ReLU layers, whatever it asks for."""

import numpy as np
from s13_cnn.lenet.lenet import ACTIVATIONS, LeNet5

reference_init = LeNet5.__init__

CONCEPT = "the activation argument ignored (always ReLU)"
NAMED_BY = ("ignores the activation", "activation ignored", "always relu",
            "activation argument", "wrong activation", "activations[activation]")
LISTED = False


def init_always_relu(self, activation="relu", pool="avg", rng=None, dtype=np.float64):
    reference_init(self, activation, pool, rng, dtype)
    for k in (1, 4, 7, 10):
        self.layers[k] = ACTIVATIONS["relu"]()


LeNet5.__init__ = init_always_relu
