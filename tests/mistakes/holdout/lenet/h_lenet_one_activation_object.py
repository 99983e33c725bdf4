"""LeNet5.__init__ makes one activation object and puts it at all four places in `layers`,
so it keeps only the cache of its last forward call."""

import numpy as np
from s13_cnn.lenet.lenet import ACTIVATIONS, LeNet5

CONCEPT = "one activation object reused at four positions"
NAMED_BY = (
    "one activation object",
    "same activation object",
    "activation object",
    "reused",
    "shared activation",
    "one instance",
    "same instance",
    "new activation",
)
LISTED = True

reference_init = LeNet5.__init__


def init_shared_activation(self, activation="relu", pool="avg", rng=None, dtype=np.float64):
    reference_init(self, activation, pool, rng, dtype)
    act = ACTIVATIONS[activation]()
    self.layers = [
        self.c1, act, self.s2,
        self.c3, act, self.s4,
        self.c5, act, self.flatten,
        self.f6, act, self.f7,
    ]  # fmt: skip


LeNet5.__init__ = init_shared_activation
