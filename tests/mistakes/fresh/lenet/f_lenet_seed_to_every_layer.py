"""LeNet5 passes the int seed rng itself to each of C1, C3, C5, F6 and F7, instead of one
generator made from it, so every layer draws from the start of the same stream.
"""

import numpy as np
from s13_cnn.conv.conv import Conv2D
from s13_cnn.lenet.layers import Dense
from s13_cnn.lenet.lenet import LeNet5

CONCEPT = "the seed passed to every layer instead of one shared generator"
NAMED_BY = ("generator", "default_rng", "same stream", "one rng", "seed", "same seed",
            "start of the same")
LISTED = True

reference_lenet5_init = LeNet5.__init__


def init_seed_per_layer(self, activation="relu", pool="avg", rng=None, dtype=np.float64):
    reference_lenet5_init(self, activation, pool, rng, dtype)
    self.c1.w = Conv2D(1, 6, 5, pad=2, rng=rng, dtype=dtype).w
    self.c3.w = Conv2D(6, 16, 5, rng=rng, dtype=dtype).w
    self.c5.w = Conv2D(16, 120, 5, rng=rng, dtype=dtype).w
    f6, f7 = Dense(120, 84, rng=rng, dtype=dtype), Dense(84, 10, rng=rng, dtype=dtype)
    self.f6.w, self.f6.b = f6.w, f6.b
    self.f7.w, self.f7.b = f7.w, f7.b


LeNet5.__init__ = init_seed_per_layer
