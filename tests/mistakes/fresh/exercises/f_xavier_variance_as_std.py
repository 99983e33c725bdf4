"""xavier_init multiplies the normals by the variance 2 / (fan_in + fan_out) instead of its
square root.
"""

import numpy as np
from s13_cnn.exercises.initialisation import fans

CONCEPT = "variance used as the standard deviation (missing sqrt)"
NAMED_BY = ("sqrt", "square root", "variance", "std", "standard deviation")
LISTED = False
MODULE = "exercises/initialisation.py"


def xavier_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = 2.0 / (fan_in + fan_out)
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
