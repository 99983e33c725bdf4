"""activation_study computes every layer from the input: h = activation(x @ w) but x = h
is never done, so no layer sees the one before."""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "x never set to h: every layer fed the input instead of the layer below, "
    "h = activation(x @ w) then x = h"
)


def activation_study(init, activation, depth=8, width=256, n=1000, rng=0):
    inits = {"xavier": xavier_init, "he": he_init}
    if init not in inits or activation not in ACTIVATIONS:
        raise ValueError(f"activation_study: unknown {init!r} or {activation!r}")
    gen = np.random.default_rng(rng)
    x = gen.standard_normal((n, width))
    found = []
    for _ in range(depth):
        h = ACTIVATIONS[activation](x @ inits[init]((width, width), rng=gen))
        found.append(h)  # x stays the input
    return found
