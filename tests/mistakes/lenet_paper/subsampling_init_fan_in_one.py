"""Subsampling draws coef and b with a fan-in of 1 instead of the 4 inputs a unit sees."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import Subsampling, paper_uniform

DIAGNOSIS = (
    "Subsampling drawn with fan-in 1: a unit sums a 2x2 block, 4 inputs, so coef and b are "
    "paper_uniform(rng, (channels,), 4)"
)


def init_fan_in_one(self, channels, rng=None, dtype=np.float64):
    rng = np.random.default_rng(rng)
    self.coef = paper_uniform(rng, (channels,), 1, dtype)
    self.b = paper_uniform(rng, (channels,), 1, dtype)
    self.dcoef = np.zeros_like(self.coef)
    self.db = np.zeros_like(self.b)


Subsampling.__init__ = init_fan_in_one
