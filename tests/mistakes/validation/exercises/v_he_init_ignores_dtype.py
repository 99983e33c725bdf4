"""he_init returns the float64 draw as it is, ignoring the dtype argument."""

import numpy as np
from s13_cnn.exercises.initialisation import fans

MODULE = "exercises/initialisation.py"
CONCEPT = "dtype argument ignored: always float64"
NAMED_BY = ("dtype", "float32", "float64")
LISTED = False


def he_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    return np.random.default_rng(rng).standard_normal(shape) * np.sqrt(2.0 / fan_in)
