"""xavier_init uses std sqrt(1 / (fan_in + fan_out)), leaving out the 2 of Glorot's formula."""

import numpy as np
from s13_cnn.exercises.initialisation import fans

MODULE = "exercises/initialisation.py"
CONCEPT = "Xavier std missing the factor 2: sqrt(1/(fan_in+fan_out))"
NAMED_BY = ("2 / (fan_in + fan_out)", "sqrt(2 / (fan_in", "factor 2", "factor of 2",
            "sqrt(2)", "numerator")
LISTED = False


def xavier_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = np.sqrt(1.0 / (fan_in + fan_out))
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
