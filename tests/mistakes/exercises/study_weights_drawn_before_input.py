"""activation_study draws the depth weight matrices first and the input x after them, from
the same generator: every number comes from another place in the stream."""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "the weights drawn before the input: draw x = standard_normal((n, width)) from the "
    "generator first, then each layer's w as you go"
)


def activation_study(init, activation, depth=8, width=256, n=1000, rng=0):
    inits = {"xavier": xavier_init, "he": he_init}
    if init not in inits or activation not in ACTIVATIONS:
        raise ValueError(f"activation_study: unknown {init!r} or {activation!r}")
    gen = np.random.default_rng(rng)
    weights = [inits[init]((width, width), rng=gen) for _ in range(depth)]
    x = gen.standard_normal((n, width))  # after the weights
    found = []
    for w in weights:
        x = ACTIVATIONS[activation](x @ w)
        found.append(x)
    return found
