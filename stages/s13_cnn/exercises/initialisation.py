"""Xavier and He initialisation, and what they do to the activations layer by layer."""

from __future__ import annotations

import numpy as np


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight shape: (in, out) for a dense layer, (KH, KW, C_in,
    C_out) for a convolution (each input and output unit sees KH*KW*C values)."""
    if len(shape) == 2:
        return int(shape[0]), int(shape[1])
    if len(shape) == 4:
        KH, KW, C_in, C_out = shape
        return int(KH * KW * C_in), int(KH * KW * C_out)
    raise ValueError(f"fans: expected a dense (2-d) or conv (4-d) weight shape, got {shape}")


def xavier_init(shape: tuple[int, ...], rng=None, dtype=np.float64) -> np.ndarray:
    """Glorot/Xavier normal: default_rng(rng).standard_normal(shape) times
    sqrt(2 / (fan_in + fan_out)), as `dtype` (fans from `fans`)."""
    fan_in, fan_out = fans(shape)
    raise NotImplementedError(
        "exercises: implement xavier_init (see stages/s13_cnn/exercises/README.md)"
    )


def he_init(shape: tuple[int, ...], rng=None, dtype=np.float64) -> np.ndarray:
    """He/Kaiming normal: default_rng(rng).standard_normal(shape) times sqrt(2 / fan_in),
    as `dtype`."""
    fan_in, fan_out = fans(shape)
    raise NotImplementedError(
        "exercises: implement he_init (see stages/s13_cnn/exercises/README.md)"
    )


ACTIVATIONS = {  # given, complete
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
}


def activation_study(
    init: str, activation: str, depth: int = 8, width: int = 256, n: int = 1000, rng=0
) -> list[np.ndarray]:
    """The activations of a deep stack of dense layers, layer by layer.

    x: (n, width) standard normals from default_rng(rng); then depth times: draw w of
    shape (width, width) with `init` ("xavier" or "he", from the same generator: pass it
    on as rng), h = activation(x @ w) (no bias), x = h. Returns the depth arrays h, each
    (n, width). ValueError for an unknown init or activation.
    """
    raise NotImplementedError(
        "exercises: implement activation_study (see stages/s13_cnn/exercises/README.md)"
    )
