"""xavier_init uses std sqrt(1 / fan_in) (LeCun's scale) instead of sqrt(2 / (fan_in +
fan_out)).
"""

import numpy as np
from s13_cnn.exercises.initialisation import fans

CONCEPT = "Xavier std from fan_in only"
NAMED_BY = ("fan_out", "fan-out", "fan_in + fan_out", "lecun", "1 / fan_in", "1/fan_in")
LISTED = False
MODULE = "exercises/initialisation.py"


def xavier_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = np.sqrt(1.0 / fan_in)
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
