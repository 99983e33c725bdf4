"""xavier_init scales by sqrt(1 / fan_in), ignoring the fan-out, instead of
sqrt(2 / (fan_in + fan_out))."""

import numpy as np
from s13_cnn.exercises.initialisation import fans

MODULE = "exercises/initialisation.py"
CONCEPT = "Xavier std from the fan-in only (LeCun's scale)"
NAMED_BY = ("fan_in + fan_out", "fan_out", "fan-out", "fan out", "lecun", "both fans")
LISTED = False


def xavier_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = np.sqrt(1.0 / fan_in)
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
