"""he_init returns float64 whatever dtype it is given."""

import numpy as np
from s13_cnn.exercises.initialisation import he_init as reference_he_init

MODULE = "exercises/initialisation.py"
DIAGNOSIS = "the dtype argument ignored: finish with .astype(dtype)"


def he_init(shape, rng=None, dtype=np.float64):
    return reference_he_init(shape, rng, np.float64)
