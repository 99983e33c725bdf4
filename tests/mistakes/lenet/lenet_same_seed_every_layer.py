"""LeNet5 passes the seed itself to every layer instead of one shared generator, so each
layer restarts the same random stream."""

import numpy as np
from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = (
    "every layer seeded anew with the same seed: make one generator, "
    "np.random.default_rng(rng), and pass it to c1, c3, c5, f6, f7 in that order (c3 is drawn "
    "after c1)"
)


reference_init = LeNet5.__init__


def init_reseeding_each_layer(self, activation="relu", pool="avg", rng=None, dtype=np.float64):
    reference_init(self, activation, pool, rng, dtype)
    for name in ("c1", "c3", "c5", "f6", "f7"):
        layer = getattr(self, name)  # Conv2D(..., rng=rng): each layer its own generator
        fan_in = int(np.prod(layer.w.shape[:-1]))
        fresh = np.random.default_rng(rng).standard_normal(layer.w.shape)
        layer.w = (fresh * np.sqrt(2.0 / fan_in)).astype(layer.w.dtype)


LeNet5.__init__ = init_reseeding_each_layer
