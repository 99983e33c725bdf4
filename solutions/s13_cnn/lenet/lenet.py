"""LeNet-5 on 28x28 MNIST digits, NHWC, built from this stage's layers."""

from __future__ import annotations

import numpy as np

from ..conv.conv import Conv2D  # noqa: F401  (you will need these)
from ..pooling.pooling import AvgPool2D, MaxPool2D
from .layers import ACTIVATIONS, OPTIMIZERS, Dense, Flatten  # noqa: F401

POOLS = {"avg": AvgPool2D, "max": MaxPool2D}
PARAM_LAYERS = ("c1", "c3", "c5", "f6", "f7")


class LeNet5:
    """(N, 28, 28, 1) -> logits (N, 10); 61,706 parameters.

    C1 conv 5x5x6 pad 2 -> S2 pool 2 -> C3 conv 5x5x16 -> S4 pool 2 -> C5 conv 5x5x120
    -> F6 dense 84 -> F7 dense 10, an activation after C1, C3, C5 and F6.
    Parameters are named "<layer>.<w|b>", e.g. "c3.w", and live at model.<layer>.<w|b>.
    """

    def __init__(self, activation: str = "relu", pool: str = "avg", rng=None, dtype=np.float64):
        """Build the layers; ValueError for an unknown activation or pool name.

        Attributes: c1, s2, c3, s4, c5, flatten, f6, f7, and `layers`, the list that
        forward runs in order, activations included (ACTIVATIONS[activation]() after
        c1, c3, c5 and f6; POOLS[pool](2) for s2 and s4). Make one generator,
        rng = np.random.default_rng(rng), and pass it to c1, c3, c5, f6, f7 in that
        order; pass dtype to them too. Set c1.input_grad = False.
        """
        # BEGIN SOLUTION
        if activation not in ACTIVATIONS:
            raise ValueError(
                f"LeNet5: activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}"
            )
        if pool not in POOLS:
            raise ValueError(f"LeNet5: pool must be one of {sorted(POOLS)}, got {pool!r}")
        rng = np.random.default_rng(rng)
        Act, Pool = ACTIVATIONS[activation], POOLS[pool]
        self.dtype = np.dtype(dtype)
        self.c1 = Conv2D(1, 6, 5, pad=2, rng=rng, dtype=dtype)      # (N, 28, 28, 6)
        self.s2 = Pool(2)                                           # (N, 14, 14, 6)
        self.c3 = Conv2D(6, 16, 5, rng=rng, dtype=dtype)            # (N, 10, 10, 16)
        self.s4 = Pool(2)                                           # (N, 5, 5, 16)
        self.c5 = Conv2D(16, 120, 5, rng=rng, dtype=dtype)          # (N, 1, 1, 120)
        self.flatten = Flatten()                                    # (N, 120)
        self.f6 = Dense(120, 84, rng=rng, dtype=dtype)              # (N, 84)
        self.f7 = Dense(84, 10, rng=rng, dtype=dtype)               # (N, 10)
        self.c1.input_grad = False  # nothing upstream of C1 needs a gradient
        self.layers = [
            self.c1, Act(), self.s2,
            self.c3, Act(), self.s4,
            self.c5, Act(), self.flatten,
            self.f6, Act(), self.f7,
        ]
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, 28, 28, 1) -> logits: (N, 10).

        ValueError for any other shape. Cast x to the model's dtype first.
        """
        # BEGIN SOLUTION
        if x.ndim != 4 or x.shape[1:] != (28, 28, 1):
            raise ValueError(f"LeNet5: expected input (N, 28, 28, 1), got {x.shape}")
        out = x.astype(self.dtype, copy=False)
        for layer in self.layers:
            out = layer.forward(out)
        return out
        # END SOLUTION

    def backward(self, dlogits: np.ndarray) -> None:
        """dlogits: (N, 10); fills every layer's gradients (read them through params())."""
        # BEGIN SOLUTION
        d = dlogits.astype(self.dtype, copy=False)
        for layer in reversed(self.layers):
            d = layer.backward(d)
        # END SOLUTION

    def params(self):
        """Yields (name, value, grad) for every parameter; value is the live array.

        In PARAM_LAYERS order: "c1.w", "c1.b", "c3.w", ..., "f7.w", "f7.b".
        """
        # BEGIN SOLUTION
        for lname in PARAM_LAYERS:
            for pname, value, grad in getattr(self, lname).params():
                yield f"{lname}.{pname}", value, grad
        # END SOLUTION

    def predict(self, x: np.ndarray, batch_size: int = 512) -> np.ndarray:
        """x: (N, 28, 28, 1) -> labels: (N,) int64.

        The argmax of the logits, computed batch_size images at a time.
        """
        # BEGIN SOLUTION
        chunks = [
            self.forward(x[i : i + batch_size]).argmax(axis=1)
            for i in range(0, len(x), batch_size)
        ]
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)
        # END SOLUTION


def softmax_cross_entropy(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """logits: (N, K), y: (N,) int labels -> (mean loss, dlogits: (N, K)).

    loss is a Python float; dlogits = (softmax(logits) - onehot(y)) / N, in logits'
    dtype. Subtract each row's max before exp so that large logits never overflow.
    """
    N, K = logits.shape
    # BEGIN SOLUTION
    N = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)      # exp never overflows
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(N)
    loss = -log_probs[rows, y].mean()
    dlogits = np.exp(log_probs)
    dlogits[rows, y] -= 1
    dlogits /= N                                              # the loss is a mean
    return float(loss), dlogits.astype(logits.dtype, copy=False)
    # END SOLUTION


def train(
    model,
    X,
    y,
    epochs: int = 1,
    batch_size: int = 64,
    lr: float = 1e-3,
    optimizer: str = "adam",
    rng=None,
) -> list[dict]:
    """Mini-batch training; returns one dict per epoch: epoch, loss (mean), accuracy (train).

    opt = OPTIMIZERS[optimizer](lr=lr) (ValueError for another name) and
    rng = np.random.default_rng(rng), both once. Each epoch visits X in the order
    rng.permutation(len(X)), batch_size images at a time: forward,
    softmax_cross_entropy, backward, opt.step(model.params()). "epoch" counts from 1;
    "loss" and "accuracy" average over the epoch's images, each measured on its
    batch's logits before that batch's step.
    """
    # BEGIN SOLUTION
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"train: optimizer must be one of {sorted(OPTIMIZERS)}, got {optimizer!r}")
    rng = np.random.default_rng(rng)
    opt = OPTIMIZERS[optimizer](lr=lr)
    history = []
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(X))
        total_loss, correct = 0.0, 0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            logits = model.forward(X[idx])
            loss, dlogits = softmax_cross_entropy(logits, y[idx])
            model.backward(dlogits)
            opt.step(model.params())
            total_loss += loss * len(idx)
            correct += int((logits.argmax(axis=1) == y[idx]).sum())
        history.append({"epoch": epoch, "loss": total_loss / len(X), "accuracy": correct / len(X)})
    return history
    # END SOLUTION
