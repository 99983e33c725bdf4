# GIVEN
"""GIVEN, COMPLETE: the prerequisites from stage 12, so that this part is about the CNN.

Dense layer, activations, Flatten, and the SGD and Adam optimizers. You don't edit this
file; LeNet5 in lenet.py uses it. Every layer has forward(x), backward(dout) and params(),
which yields (name, value, grad) with value the live parameter array.
"""

from __future__ import annotations

import numpy as np


class Dense:
    """x: (N, in_features) -> x @ w + b: (N, out_features); He-initialised w."""

    def __init__(self, in_features: int, out_features: int, rng=None, dtype=np.float64):
        rng = np.random.default_rng(rng)
        scale = np.sqrt(2.0 / in_features)
        self.w = (rng.standard_normal((in_features, out_features)) * scale).astype(dtype)
        self.b = np.zeros(out_features, dtype=dtype)
        self.dw = np.zeros_like(self.w)
        self.db = np.zeros_like(self.b)
        self.x = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        return (x @ self.w + self.b).astype(x.dtype, copy=False)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        self.dw = (self.x.T @ dout).astype(self.w.dtype, copy=False)
        self.db = dout.sum(axis=0).astype(self.b.dtype, copy=False)
        return dout @ self.w.T

    def params(self):
        yield "w", self.w, self.dw
        yield "b", self.b, self.db


class ReLU:
    def forward(self, x: np.ndarray) -> np.ndarray:
        self.mask = x > 0
        return x * self.mask  # a product with a bool mask keeps x's dtype

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.mask

    def params(self):
        yield from ()


class Tanh:
    def forward(self, x: np.ndarray) -> np.ndarray:
        self.y = np.tanh(x)
        return self.y

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * (1 - self.y * self.y)

    def params(self):
        yield from ()


class Sigmoid:
    def forward(self, x: np.ndarray) -> np.ndarray:
        # exp of a negative number only: no overflow for large |x|
        e = np.exp(-np.abs(x))
        self.y = np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
        return self.y

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout * self.y * (1 - self.y)

    def params(self):
        yield from ()


ACTIVATIONS = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid}


class Flatten:
    """(N, ...) -> (N, prod(...)), and back."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        return dout.reshape(self.shape)

    def params(self):
        yield from ()


class SGD:
    """Plain SGD with optional momentum; step(params) updates the live arrays in place."""

    def __init__(self, lr: float = 1e-2, momentum: float = 0.0):
        self.lr, self.momentum = lr, momentum
        self.velocity: dict[str, np.ndarray] = {}

    def step(self, params) -> None:
        for name, value, grad in params:
            if self.momentum:
                v = self.velocity.setdefault(name, np.zeros_like(value))
                v *= self.momentum
                v -= self.lr * grad
                value += v
            else:
                value -= self.lr * grad


class Adam:
    """Adam (Kingma & Ba, 2015); step(params) updates the live arrays in place."""

    def __init__(
        self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m: dict[str, np.ndarray] = {}
        self.v: dict[str, np.ndarray] = {}
        self.t = 0

    def step(self, params) -> None:
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        # a Python float: a NumPy float64 here would make float64 temporaries of float32 params
        lr_t = float(self.lr * np.sqrt(1 - b2**self.t) / (1 - b1**self.t))
        for name, value, grad in params:
            m = self.m.setdefault(name, np.zeros_like(value))
            v = self.v.setdefault(name, np.zeros_like(value))
            m *= b1
            m += (1 - b1) * grad
            v *= b2
            v += (1 - b2) * grad * grad
            value -= (lr_t * m / (np.sqrt(v) + self.eps)).astype(value.dtype, copy=False)


OPTIMIZERS = {"sgd": SGD, "adam": Adam}
