"""xavier_init draws Glorot's uniform (+-sqrt(6 / (fan_in + fan_out))), not its normal."""

import numpy as np
from s13_cnn.exercises.initialisation import fans

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "uniform draws: xavier_init is Glorot's normal, standard_normal(shape) times "
    "sqrt(2 / (fan_in + fan_out))"
)


def xavier_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = fans(shape)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return np.random.default_rng(rng).uniform(-limit, limit, shape).astype(dtype)
