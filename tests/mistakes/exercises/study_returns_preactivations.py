"""activation_study records x @ w, before the activation, for every layer."""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "the pre-activations recorded: each layer's h = activation(x @ w) is what the study "
    "returns (and the next layer's input)"
)


def activation_study(init, activation, depth=8, width=256, n=1000, rng=0):
    inits = {"xavier": xavier_init, "he": he_init}
    if init not in inits or activation not in ACTIVATIONS:
        raise ValueError(f"activation_study: unknown {init!r} or {activation!r}")
    gen = np.random.default_rng(rng)
    x = gen.standard_normal((n, width))
    found = []
    for _ in range(depth):
        z = x @ inits[init]((width, width), rng=gen)
        found.append(z)
        x = ACTIVATIONS[activation](z)
    return found
