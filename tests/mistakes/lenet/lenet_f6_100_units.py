"""F6 has 100 units instead of LeNet-5's 84, so the parameter count is off (63,670 instead
of 61,706)."""

import numpy as np
from s13_cnn.lenet.layers import Dense
from s13_cnn.lenet.lenet import LeNet5

DIAGNOSIS = "F6 with 100 units: LeNet-5's F6 has 84 (61,706 parameters in all)"


reference_init = LeNet5.__init__


def init_with_100_units(self, activation="relu", pool="avg", rng=None, dtype=np.float64):
    reference_init(self, activation, pool, rng, dtype)
    g = np.random.default_rng(rng)
    f6, f7 = Dense(120, 100, rng=g, dtype=dtype), Dense(100, 10, rng=g, dtype=dtype)
    self.layers[self.layers.index(self.f6)] = f6
    self.layers[self.layers.index(self.f7)] = f7
    self.f6, self.f7 = f6, f7  # "100 hidden units is a rounder number"


LeNet5.__init__ = init_with_100_units
