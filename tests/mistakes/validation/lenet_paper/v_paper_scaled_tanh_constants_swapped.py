"""scaled_tanh computes S * tanh(A * a), the amplitude and the slope swapped, instead of
A * tanh(S * a)."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import A, S

CONCEPT = "A and S swapped: S tanh(A a) instead of A tanh(S a)"
NAMED_BY = ("swapped", "a and s", "s and a", "constants", "amplitude and slope",
            "slope and amplitude")
LISTED = False


def scaled_tanh(a):
    return (S * np.tanh(A * a)).astype(a.dtype, copy=False)


def scaled_tanh_backward(dout, y):
    t = y / S  # tanh(A a)
    return dout * (S * A * (1 - t * t))
