"""LeNet5 passes the int seed itself to every layer instead of one generator made from it, so
each layer draws from the start of the same stream.
"""

import numpy as np
from s13_cnn.lenet.lenet import ACTIVATIONS, POOLS, Conv2D, Dense, Flatten, LeNet5

CONCEPT = "the seed passed to each layer instead of one shared generator"
NAMED_BY = ("one generator", "one seeded generator", "same stream", "same seed",
            "int seed", "default_rng(rng)", "drawn after")
LISTED = True


def init_seed_per_layer(self, activation="relu", pool="avg", rng=None, dtype=np.float64):
    if activation not in ACTIVATIONS:
        raise ValueError(f"LeNet5: unknown activation {activation!r}")
    if pool not in POOLS:
        raise ValueError(f"LeNet5: unknown pool {pool!r}")
    Act, Pool = ACTIVATIONS[activation], POOLS[pool]
    self.dtype = np.dtype(dtype)
    self.c1 = Conv2D(1, 6, 5, pad=2, rng=rng, dtype=dtype)
    self.s2 = Pool(2)
    self.c3 = Conv2D(6, 16, 5, rng=rng, dtype=dtype)
    self.s4 = Pool(2)
    self.c5 = Conv2D(16, 120, 5, rng=rng, dtype=dtype)
    self.flatten = Flatten()
    self.f6 = Dense(120, 84, rng=rng, dtype=dtype)
    self.f7 = Dense(84, 10, rng=rng, dtype=dtype)
    self.c1.input_grad = False
    self.layers = [
        self.c1, Act(), self.s2,
        self.c3, Act(), self.s4,
        self.c5, Act(), self.flatten,
        self.f6, Act(), self.f7,
    ]


LeNet5.__init__ = init_seed_per_layer
