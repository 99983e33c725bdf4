"""scaled_tanh swaps the two constants: (2/3) tanh(1.7159 a) instead of 1.7159 tanh(2a/3)."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import A, S

DIAGNOSIS = (
    "the amplitude and the slope swapped: the squashing function is A tanh(S a) = "
    "1.7159 tanh(2a/3)"
)


def scaled_tanh(a):
    return (S * np.tanh(A * a)).astype(a.dtype, copy=False)
