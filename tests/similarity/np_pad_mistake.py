"""padding.py written independently on np.pad, with a mistake (no + 1 in output_size).

A fixture of tests/insight/test_similarity.py.
"""

from __future__ import annotations

import numpy as np


def output_size(size: int, kernel: int, stride: int = 1, pad: int = 0) -> int:
    """Length of a convolution or pooling output along one axis (wrong: misses the + 1)."""
    span = size - kernel + 2 * pad
    if span < 0 or stride < 1:
        raise ValueError(f"nothing fits: {size=}, {kernel=}, {stride=}, {pad=}")
    return span // stride


def same_pad(kernel: int) -> int:
    """Padding that keeps the size unchanged at stride 1 (odd kernels only)."""
    if not kernel & 1:
        raise ValueError("same_pad needs an odd kernel")
    return kernel // 2


def pad2d(x: np.ndarray, pad, value: float = 0.0) -> np.ndarray:
    """np.pad does the work; only the spec is translated."""
    spec = np.broadcast_to(np.asarray(pad, dtype=int).reshape(-1, 1) if np.ndim(pad) < 2
                           else np.asarray(pad, dtype=int), (2, 2))  # fmt: skip
    widths = [(0, 0), tuple(spec[0]), tuple(spec[1]), (0, 0)]
    return np.pad(x, widths, mode="constant", constant_values=value)
