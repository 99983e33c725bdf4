"""activation_study draws one weight matrix before the loop and uses it in every layer."""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "one weight matrix for every layer: draw a new w inside the loop, each layer its own, "
    "from the same generator"
)


def activation_study(init, activation, depth=8, width=256, n=1000, rng=0):
    inits = {"xavier": xavier_init, "he": he_init}
    if init not in inits or activation not in ACTIVATIONS:
        raise ValueError(f"activation_study: unknown {init!r} or {activation!r}")
    gen = np.random.default_rng(rng)
    x = gen.standard_normal((n, width))
    w = inits[init]((width, width), rng=gen)
    found = []
    for _ in range(depth):
        x = ACTIVATIONS[activation](x @ w)
        found.append(x)
    return found
