"""activation_study passes its int rng to init at every layer instead of the one generator it
made, so every layer gets the same weights.
"""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

MODULE = "exercises/initialisation.py"
CONCEPT = "seed passed to every layer's init instead of the shared generator"
NAMED_BY = ("same weights", "one generator", "same generator", "shared generator",
            "pass it on", "every layer draws", "int seed")
LISTED = False


def activation_study(init, activation, depth=8, width=256, n=1000, rng=0):
    inits = {"xavier": xavier_init, "he": he_init}
    if init not in inits or activation not in ACTIVATIONS:
        raise ValueError(f"activation_study: unknown init {init!r} or activation {activation!r}")
    gen = np.random.default_rng(rng)
    x = gen.standard_normal((n, width))
    found = []
    for _ in range(depth):
        x = ACTIVATIONS[activation](x @ inits[init]((width, width), rng=rng))
        found.append(x)
    return found
