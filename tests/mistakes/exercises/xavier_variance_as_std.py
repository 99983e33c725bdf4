"""xavier_init scales by the variance 2 / (fan_in + fan_out) instead of its square root."""

import numpy as np
from s13_cnn.exercises.initialisation import fans

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "Xavier's variance 2 / (fan_in + fan_out) used as the std: the std is its square root, "
    "sqrt(2 / (fan_in + fan_out))"
)


def xavier_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = 2.0 / (fan_in + fan_out)  # the sqrt forgotten
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
