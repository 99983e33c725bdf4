"""activation_study records the input x before the first layer, so it returns depth + 1
arrays, each shifted by one layer."""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "the input recorded as a layer: return the depth outputs h = activation(x @ w) only, not x"
)


def activation_study(init, activation, depth=8, width=256, n=1000, rng=0):
    inits = {"xavier": xavier_init, "he": he_init}
    if init not in inits or activation not in ACTIVATIONS:
        raise ValueError(f"activation_study: unknown {init!r} or {activation!r}")
    gen = np.random.default_rng(rng)
    x = gen.standard_normal((n, width))
    found = [x]
    for _ in range(depth):
        x = ACTIVATIONS[activation](x @ inits[init]((width, width), rng=gen))
        found.append(x)
    return found
