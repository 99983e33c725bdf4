"""xavier_init uses std sqrt(1 / fan_in) (LeCun) instead of sqrt(2 / (fan_in + fan_out))."""

import numpy as np
from s13_cnn.exercises.initialisation import fans

DIAGNOSIS = (
    "Xavier with fan_in only (LeCun's sqrt(1 / fan_in)): Glorot's std is sqrt(2 / (fan_in + "
    "fan_out))"
)


MODULE = "exercises/initialisation.py"


def xavier_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = np.sqrt(1.0 / fan_in)  # LeCun's scale, not Glorot's
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
