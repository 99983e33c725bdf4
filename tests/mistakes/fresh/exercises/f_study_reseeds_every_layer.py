"""activation_study passes the int seed rng to the init of every layer instead of the one
generator, so every layer gets the same weights (and they repeat the input's draw).
"""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

CONCEPT = "the seed re-used for every layer's weights instead of one generator"
NAMED_BY = ("generator", "same weights", "pass it on", "one generator", "seed",
            "default_rng", "same stream", "re-seed", "reseed")
LISTED = False
MODULE = "exercises/initialisation.py"


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
