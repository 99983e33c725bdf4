"""activation_study draws every layer's weights from default_rng(rng) anew: all layers get
the same weights."""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "every layer drawn from a new generator seeded with rng: make one generator and pass it "
    "on (rng=gen), x and the weights all from it"
)


def activation_study(init, activation, depth=8, width=256, n=1000, rng=0):
    inits = {"xavier": xavier_init, "he": he_init}
    if init not in inits or activation not in ACTIVATIONS:
        raise ValueError(f"activation_study: unknown {init!r} or {activation!r}")
    x = np.random.default_rng(rng).standard_normal((n, width))
    found = []
    for _ in range(depth):
        x = ACTIVATIONS[activation](x @ inits[init]((width, width), rng=rng))
        found.append(x)
    return found
