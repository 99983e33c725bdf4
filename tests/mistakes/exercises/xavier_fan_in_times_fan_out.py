"""xavier_init divides by fan_in * fan_out instead of fan_in + fan_out."""

import numpy as np
from s13_cnn.exercises.initialisation import fans

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "Xavier with fan_in * fan_out: the std is sqrt(2 / (fan_in + fan_out)), the fans added"
)


def xavier_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = np.sqrt(2.0 / (fan_in * fan_out))
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
