"""he_init multiplies by the variance 2 / fan_in instead of the std sqrt(2 / fan_in)."""

import numpy as np
from s13_cnn.exercises.initialisation import fans

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "the variance 2 / fan_in used as the std: scale the standard normals by sqrt(2 / fan_in)"
)


def he_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = 2.0 / fan_in
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
