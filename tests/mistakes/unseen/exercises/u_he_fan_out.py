"""he_init scales by sqrt(2 / fan_out), taking the wrong one of the two fans."""

import numpy as np
from s13_cnn.exercises.initialisation import fans

MODULE = "exercises/initialisation.py"
CONCEPT = "He init with fan_out instead of fan_in"
NAMED_BY = ("fan_out", "fan-out", "fan_in", "fan-in", "wrong fan")
LISTED = False


def he_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = np.sqrt(2.0 / fan_out)
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
