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
        raise NotImplementedError(
            "lenet: implement LeNet5.__init__ (see stages/s13_cnn/lenet/README.md)"
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, 28, 28, 1) -> logits: (N, 10).

        ValueError for any other shape. Cast x to the model's dtype first.
        """
        raise NotImplementedError(
            "lenet: implement LeNet5.forward (see stages/s13_cnn/lenet/README.md)"
        )

    def backward(self, dlogits: np.ndarray) -> None:
        """dlogits: (N, 10); fills every layer's gradients (read them through params())."""
        raise NotImplementedError(
            "lenet: implement LeNet5.backward (see stages/s13_cnn/lenet/README.md)"
        )

    def params(self):
        """Yields (name, value, grad) for every parameter; value is the live array.

        In PARAM_LAYERS order: "c1.w", "c1.b", "c3.w", ..., "f7.w", "f7.b".
        """
        raise NotImplementedError(
            "lenet: implement LeNet5.params (see stages/s13_cnn/lenet/README.md)"
        )

    def predict(self, x: np.ndarray, batch_size: int = 512) -> np.ndarray:
        """x: (N, 28, 28, 1) -> labels: (N,) int64.

        The argmax of the logits, computed batch_size images at a time.
        """
        raise NotImplementedError(
            "lenet: implement LeNet5.predict (see stages/s13_cnn/lenet/README.md)"
        )


def softmax_cross_entropy(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """logits: (N, K), y: (N,) int labels -> (mean loss, dlogits: (N, K)).

    loss is a Python float; dlogits = (softmax(logits) - onehot(y)) / N, in logits'
    dtype. Subtract each row's max before exp so that large logits never overflow.
    """
    N, K = logits.shape
    raise NotImplementedError(
        "lenet: implement softmax_cross_entropy (see stages/s13_cnn/lenet/README.md)"
    )


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
    raise NotImplementedError("lenet: implement train (see stages/s13_cnn/lenet/README.md)")
