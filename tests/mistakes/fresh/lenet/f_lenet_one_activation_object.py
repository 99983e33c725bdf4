"""LeNet5 builds one activation object and puts it at all four positions of `layers`, so each
backward uses the cache of the activation's last forward call.
"""

import numpy as np
from s13_cnn.lenet.layers import ACTIVATIONS
from s13_cnn.lenet.lenet import LeNet5

CONCEPT = "one activation instance reused at several positions (its cache overwritten)"
NAMED_BY = ("activation object", "same activation", "one activation", "shared activation",
            "reused", "reuse", "instance", "cache of its last", "last forward")
LISTED = True

reference_lenet5_init = LeNet5.__init__


def init_one_activation(self, activation="relu", pool="avg", rng=None, dtype=np.float64):
    reference_lenet5_init(self, activation, pool, rng, dtype)
    act = ACTIVATIONS[activation]()
    self.layers = [
        self.c1, act, self.s2,
        self.c3, act, self.s4,
        self.c5, act, self.flatten,
        self.f6, act, self.f7,
    ]


LeNet5.__init__ = init_one_activation
