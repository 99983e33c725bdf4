"""he_init takes fan_in as the product of every axis but the first, as for torch's
(F, C, KH, KW): on a NumPy kernel (KH, KW, C_in, C_out) that is KW*C_in*C_out."""

import numpy as np

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "fan_in as prod(shape[1:]), torch's layout: a kernel here is (KH, KW, C_in, C_out), "
    "use fans(shape), fan_in = KH*KW*C_in (`in` for a dense (in, out))"
)


def he_init(shape, rng=None, dtype=np.float64):
    fan_in = int(np.prod(shape[1:]))  # (F, C, KH, KW) thinking
    std = np.sqrt(2.0 / fan_in)
    return (np.random.default_rng(rng).standard_normal(shape) * std).astype(dtype)
