"""activation_study multiplies by the transposed weights, h = activation((w @ x.T).T), the
column-vector habit: x @ w.T instead of x @ w."""

import numpy as np
from s13_cnn.exercises.initialisation import ACTIVATIONS, he_init, xavier_init

MODULE = "exercises/initialisation.py"
DIAGNOSIS = (
    "the weights transposed, w @ x.T: with x of shape (n, width) a layer is x @ w"
)


def activation_study(init, activation, depth=8, width=256, n=1000, rng=0):
    inits = {"xavier": xavier_init, "he": he_init}
    if init not in inits or activation not in ACTIVATIONS:
        raise ValueError(f"activation_study: unknown {init!r} or {activation!r}")
    gen = np.random.default_rng(rng)
    x = gen.standard_normal((n, width))
    found = []
    for _ in range(depth):
        w = inits[init]((width, width), rng=gen)
        x = ACTIVATIONS[activation]((w @ x.T).T)
        found.append(x)
    return found
