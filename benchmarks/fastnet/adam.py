"""Adam over one flat parameter vector: a dozen array operations per step, whatever the
number of layers, and no temporaries (two scratch vectors are reused)."""

from __future__ import annotations

import numpy as np


class FlatAdam:
    """The reference's Adam (solutions' layers.Adam), the same operations in the same
    order, so the same float32 numbers; params and grads: (SIZE,), updated in place."""

    def __init__(self, params: np.ndarray, grads: np.ndarray, lr: float = 1e-3,
                 beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):  # fmt: skip
        self.params, self.grads = params, grads
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m, self.v = np.zeros_like(params), np.zeros_like(params)
        self.scratch = np.empty_like(params), np.empty_like(params)
        self.t = 0

    def step(self) -> None:
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        lr_t = float(self.lr * np.sqrt(1 - b2**self.t) / (1 - b1**self.t))  # a Python float
        m, v, g = self.m, self.v, self.grads
        t1, t2 = self.scratch
        m *= b1
        m += np.multiply(g, 1 - b1, out=t1)
        v *= b2
        np.multiply(g, 1 - b2, out=t1)
        v += np.multiply(t1, g, out=t1)
        np.sqrt(v, out=t2)
        t2 += self.eps
        np.multiply(m, lr_t, out=t1)
        self.params -= np.divide(t1, t2, out=t1)
