"""padding.py written independently with slicing, with a mistake (pads W by the H amount).

A fixture of tests/insight/test_similarity.py.
"""

from __future__ import annotations

import math

import numpy as np


def output_size(size: int, kernel: int, stride: int = 1, pad: int = 0) -> int:
    """Length of a convolution or pooling output along one axis."""
    room = size + 2 * pad - kernel
    if min(stride, kernel) < 1 or pad < 0 or room < 0:
        raise ValueError("output_size: impossible geometry")
    return math.floor(room / stride) + 1


def same_pad(kernel: int) -> int:
    """Padding that keeps the size unchanged at stride 1 (odd kernels only)."""
    pad, rest = divmod(kernel - 1, 2)
    if rest or kernel < 1:
        raise ValueError("same_pad: odd kernels only")
    return pad


def pad2d(x: np.ndarray, pad, value: float = 0.0) -> np.ndarray:
    """Copy x into the middle of a filled canvas (wrong: W gets the H padding)."""
    ph = pad if isinstance(pad, int) else pad[0]
    top, bottom = (ph, ph) if isinstance(ph, int) else ph
    canvas = np.full((x.shape[0], x.shape[1] + top + bottom, x.shape[2] + top + bottom,
                      x.shape[3]), value, dtype=x.dtype)  # fmt: skip
    canvas[:, top : top + x.shape[1], top : top + x.shape[2]] = x
    return canvas
