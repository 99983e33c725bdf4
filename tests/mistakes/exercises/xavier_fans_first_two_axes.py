"""xavier_init takes the fans as shape[0] and shape[1], the dense layer's rule, for a conv
kernel too: KH and KW instead of KH*KW*C_in and KH*KW*C_out."""

import numpy as np

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "a conv kernel's fans taken as shape[0] and shape[1]: for (KH, KW, C_in, C_out) they are "
    "KH*KW*C_in and KH*KW*C_out, use fans(shape)"
)


def xavier_init(shape, rng=None, dtype=np.float64):
    fan_in, fan_out = shape[0], shape[1]  # right for (in, out) only
    std = np.sqrt(2.0 / (fan_in + fan_out))
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
