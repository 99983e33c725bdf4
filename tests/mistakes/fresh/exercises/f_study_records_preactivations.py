"""activation_study records each layer's pre-activations x @ w instead of the activations
h = activation(x @ w) (it still feeds h to the next layer).
"""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

CONCEPT = "pre-activations returned instead of activations"
NAMED_BY = ("pre-activation", "preactivation", "before the activation", "x @ w",
            "activation(x @ w)", "not activated")
LISTED = False
MODULE = "exercises/initialisation.py"


def activation_study(init, activation, depth=8, width=256, n=1000, rng=0):
    inits = {"xavier": xavier_init, "he": he_init}
    if init not in inits or activation not in ACTIVATIONS:
        raise ValueError(f"activation_study: unknown init {init!r} or activation {activation!r}")
    gen = np.random.default_rng(rng)
    x = gen.standard_normal((n, width))
    found = []
    for _ in range(depth):
        z = x @ inits[init]((width, width), rng=gen)
        found.append(z)
        x = ACTIVATIONS[activation](z)
    return found
