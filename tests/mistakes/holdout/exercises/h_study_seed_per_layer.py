"""activation_study passes the int seed rng to every layer's init instead of the one
generator, so every layer draws the same weights (and the inputs repeat the first draw)."""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

MODULE = "exercises/initialisation.py"
CONCEPT = "the int seed passed to each layer's init instead of the one generator"
NAMED_BY = (
    "same generator",
    "one generator",
    "pass it on",
    "int seed",
    "same weights",
    "seed to every",
    "every layer draws",
)
LISTED = False


def activation_study(init, activation, depth=8, width=256, n=1000, rng=0):
    inits = {"xavier": xavier_init, "he": he_init}
    if init not in inits or activation not in ACTIVATIONS:
        raise ValueError(f"activation_study: unknown init {init!r} or activation {activation!r}")
    x = np.random.default_rng(rng).standard_normal((n, width))
    found = []
    for _ in range(depth):
        x = ACTIVATIONS[activation](x @ inits[init]((width, width), rng=rng))
        found.append(x)
    return found
