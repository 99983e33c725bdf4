"""The fast net's parameters: one flat float32 vector, and the reference's layout.

Each layer is one matrix (F, K + 1) that multiplies its input stacked on a row of ones:
the weights, then the bias as the last column. So one GEMM adds the bias, and one GEMM
gives the weight and bias gradients together; and Adam runs once over the flat vector.
Columns follow the fast net's input rows: (i, j, c) for C1 and C3 (the reference's
im2col order), (c, i, j) for C5 (S4's output, channel-major), inputs for F6 and F7.
"""

from __future__ import annotations

import numpy as np

# name: (the reference's weight shape, the axes that bring it to the fast column order)
LAYERS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "c1": ((5, 5, 1, 6), (0, 1, 2, 3)),
    "c3": ((5, 5, 6, 16), (0, 1, 2, 3)),
    "c5": ((5, 5, 16, 120), (2, 0, 1, 3)),
    "f6": ((120, 84), (0, 1)),
    "f7": ((84, 10), (0, 1)),
}


def matrix_shape(name: str) -> tuple[int, int]:
    """(F, K + 1) of layer name."""
    w_shape = LAYERS[name][0]
    return w_shape[-1], int(np.prod(w_shape[:-1])) + 1


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
        w_shape, perm = LAYERS[name]
        F, K1 = m.shape
        m[:, :-1] = params[f"{name}.w"].transpose(perm).reshape(K1 - 1, F).T
        m[:, -1] = params[f"{name}.b"]


def to_reference(flat: np.ndarray) -> dict[str, np.ndarray]:
    """flat -> {"c1.w": (5, 5, 1, 6), "c1.b": (6,), ...}, new arrays in the reference's layout."""
    params = {}
    for name, m in split(flat).items():
        w_shape, perm = LAYERS[name]
        permuted = tuple(w_shape[p] for p in perm)
        w = m[:, :-1].T.reshape(permuted).transpose(np.argsort(perm))
        params[f"{name}.w"] = np.ascontiguousarray(w)
        params[f"{name}.b"] = m[:, -1].copy()
    return params
