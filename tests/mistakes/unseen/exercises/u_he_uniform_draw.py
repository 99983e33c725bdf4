"""he_init draws uniform numbers in [-std, std] instead of standard normals times std, so the
variance is a third of He's.
"""

import numpy as np
from s13_cnn.exercises.initialisation import fans

MODULE = "exercises/initialisation.py"
CONCEPT = "uniform draw instead of a normal one"
NAMED_BY = ("uniform", "standard_normal", "standard normal", "gaussian", "normal draw",
            "sqrt(3)")
LISTED = False


def he_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    std = np.sqrt(2.0 / fan_in)
    return np.random.default_rng(rng).uniform(-std, std, shape).astype(dtype)
