"""he_init takes fan_in = shape[0], right for a dense weight but KH for a conv kernel."""

import numpy as np

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "fan_in = shape[0] for a conv kernel: a (KH, KW, C_in, C_out) kernel has fan_in = "
    "KH*KW*C_in (fans(shape) gives it)"
)


def he_init(shape, rng=None, dtype=np.float64):
    std = np.sqrt(2.0 / shape[0])
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
