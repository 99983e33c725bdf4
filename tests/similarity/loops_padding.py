"""padding.py written independently, with loops: a fixture of tests/insight/test_similarity.py."""

from __future__ import annotations

import numpy as np


def output_size(size: int, kernel: int, stride: int = 1, pad: int = 0) -> int:
    """Length of a convolution or pooling output along one axis."""
    if stride <= 0 or kernel <= 0 or pad < 0:
        raise ValueError("bad geometry")
    count = 0
    start = 0
    while start + kernel <= size + pad + pad:
        count += 1
        start += stride
    if count == 0:
        raise ValueError("no window fits")
    return count


def same_pad(kernel: int) -> int:
    """Padding that keeps the size unchanged at stride 1 (odd kernels only)."""
    if kernel % 2 != 1:
        raise ValueError("even kernel")
    half = 0
    while 2 * half + 1 < kernel:
        half += 1
    return half


def pad2d(x: np.ndarray, pad, value: float = 0.0) -> np.ndarray:
    """Pad the H and W axes of an NHWC batch, one pixel at a time."""
    if np.ndim(pad) == 0:
        sides = [pad, pad, pad, pad]
    elif np.ndim(pad) == 1:
        sides = [pad[0], pad[0], pad[1], pad[1]]
    else:
        sides = [pad[0][0], pad[0][1], pad[1][0], pad[1][1]]
    if x.ndim != 4 or any(s < 0 for s in sides):
        raise ValueError("pad2d: bad input")
    t, b, l, r = (int(s) for s in sides)
    n, h, w, c = x.shape
    y = np.empty((n, h + t + b, w + l + r, c), dtype=x.dtype)
    for i in range(h + t + b):
        for j in range(w + l + r):
            inside = t <= i < t + h and l <= j < l + w
            y[:, i, j, :] = x[:, i - t, j - l, :] if inside else value
    return y
