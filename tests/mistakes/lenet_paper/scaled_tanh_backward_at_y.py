"""scaled_tanh_backward evaluates f'(a) = A S (1 - tanh(S a)^2) at the output y instead of
at a."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import A, S

DIAGNOSIS = (
    "the derivative evaluated at y instead of a: write it with y, f'(a) = (S / A) * (A^2 - y^2)"
)


def scaled_tanh_backward(dout, y):
    return dout * (A * S * (1 - np.tanh(S * y) ** 2))
