"""LeNet5Paper draws c1, c5 and f6 as He normals with zero biases, instead of uniform in
+-2.4 / fan_in."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import LeNet5Paper

reference_init = LeNet5Paper.__init__

CONCEPT = "He-normal initialisation instead of uniform +-2.4/fan_in"
NAMED_BY = ("he normal", "he-normal", "he init", "standard normal", "not uniform", "uniform",
            "2.4")
LISTED = True


def init_he_normal(self, rng=None, dtype=np.float64):
    rng = np.random.default_rng(rng)
    reference_init(self, rng, dtype)
    for layer in (self.c1, self.c5, self.f6):
        fan_in = int(np.prod(layer.w.shape[:-1]))
        layer.w = (rng.standard_normal(layer.w.shape) * np.sqrt(2.0 / fan_in)).astype(dtype)
        layer.b = np.zeros_like(layer.b)


LeNet5Paper.__init__ = init_he_normal
