"""he_init leaves out the factor 2: std sqrt(1 / fan_in), too small for ReLU."""

import numpy as np
from s13_cnn.exercises.initialisation import he_init as reference_he_init

DIAGNOSIS = (
    "He without its factor 2: std sqrt(2 / fan_in), not sqrt(1 / fan_in) (ReLU zeroes half the "
    "inputs)"
)


MODULE = "exercises/initialisation.py"


def he_init(shape, rng=None, dtype=np.float64):
    return (reference_he_init(shape, rng, np.float64) / np.sqrt(2.0)).astype(dtype)  # no 2
