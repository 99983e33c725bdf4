"""he_init uses std sqrt(2 / fan_out) instead of sqrt(2 / fan_in).
"""

import numpy as np
from s13_cnn.exercises.initialisation import fans

CONCEPT = "He std from fan_out instead of fan_in"
NAMED_BY = ("fan_out", "fan-out", "fan_in", "fan-in", "2 / fan_in", "2/fan_in")
LISTED = False
MODULE = "exercises/initialisation.py"


def he_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = np.sqrt(2.0 / fan_out)
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
