"""xavier_init scales by sqrt(1 / (fan_in + fan_out)), without the factor 2."""

import numpy as np
from s13_cnn.exercises.initialisation import fans

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "Xavier without its factor 2: the std is sqrt(2 / (fan_in + fan_out)), one over the "
    "mean of the two fans"
)


def xavier_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = np.sqrt(1.0 / (fan_in + fan_out))
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
