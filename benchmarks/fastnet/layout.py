"""The fast net's parameters: one flat float32 vector, and the reference's layout.

Each layer is one matrix (F, K + 1) that multiplies its input stacked on ones: the
weights, then the bias as the last column. So one GEMM adds the bias, and one GEMM gives
the weight and bias gradients together; and Adam runs once over the flat vector. Columns
are in the reference's order: (i, j, c) for the convolutions (C5's input is S4's NHWC
output, flattened), the inputs for F6 and F7.
"""

from __future__ import annotations

import numpy as np

# name: the reference's weight shape, (KH, KW, C, F) or (in, out)
LAYERS = {"c1": (5, 5, 1, 6), "c3": (5, 5, 6, 16), "c5": (5, 5, 16, 120),
          "f6": (120, 84), "f7": (84, 10)}  # fmt: skip


def matrix_shape(name: str) -> tuple[int, int]:
    """(F, K + 1) of layer name."""
    *inputs, F = LAYERS[name]
    return F, int(np.prod(inputs)) + 1


SIZE = sum(F * K1 for F, K1 in map(matrix_shape, LAYERS))  # 61,706, as the reference's


def split(flat: np.ndarray) -> dict[str, np.ndarray]:
    """flat: (SIZE,) -> {name: (F, K + 1)}, views into flat."""
    views, start = {}, 0
    for name in LAYERS:
        F, K1 = matrix_shape(name)
        views[name] = flat[start : start + F * K1].reshape(F, K1)
        start += F * K1
    return views


def from_reference(params: dict[str, np.ndarray], flat: np.ndarray) -> None:
    """The reference's {"c1.w": ..., "c1.b": ..., ...} -> written into flat."""
    for name, m in split(flat).items():
        F, K1 = m.shape
        m[:, :-1] = params[f"{name}.w"].reshape(K1 - 1, F).T
        m[:, -1] = params[f"{name}.b"]


def to_reference(flat: np.ndarray) -> dict[str, np.ndarray]:
    """flat -> {"c1.w": (5, 5, 1, 6), "c1.b": (6,), ...}, new arrays in the reference's layout."""
    params = {}
    for name, m in split(flat).items():
        params[f"{name}.w"] = np.ascontiguousarray(m[:, :-1].T.reshape(LAYERS[name]))
        params[f"{name}.b"] = m[:, -1].copy()
    return params
