"""Output sizes and zero padding for NHWC batches."""

from __future__ import annotations

import numpy as np

Pad = int | tuple[int, int] | tuple[tuple[int, int], tuple[int, int]]


def output_size(size: int, kernel: int, stride: int = 1, pad: int = 0) -> int:
    """Length of a convolution or pooling output along one axis.

    floor((size + 2*pad - kernel) / stride) + 1; ValueError when no window fits.

    Also a ValueError for stride < 1, kernel < 1 or pad < 0. Use integer division
    (`//`), never float division: the result is a Python int.
    """
    raise NotImplementedError(
        "padding: implement output_size (see stages/s13_cnn/padding/README.md)"
    )


def same_pad(kernel: int) -> int:
    """Padding that keeps the size unchanged at stride 1 (odd kernels only).

    3 -> 1, 5 -> 2; an even (or < 1) kernel has no symmetric answer: raise ValueError.
    """
    raise NotImplementedError("padding: implement same_pad (see stages/s13_cnn/padding/README.md)")


def normalize_pad(pad: Pad) -> tuple[tuple[int, int], tuple[int, int]]:
    """int | (ph, pw) | ((top, bottom), (left, right)) -> ((top, bottom), (left, right)).

    GIVEN, complete: pad2d can call it to accept all three forms. ValueError for any
    other form or for a negative amount.
    """
    if isinstance(pad, (int, np.integer)):
        p = ((int(pad), int(pad)), (int(pad), int(pad)))
    elif len(pad) == 2 and all(isinstance(v, (int, np.integer)) for v in pad):
        ph, pw = (int(v) for v in pad)
        p = ((ph, ph), (pw, pw))
    elif len(pad) == 2 and all(len(v) == 2 for v in pad):
        (top, bottom), (left, right) = pad
        p = ((int(top), int(bottom)), (int(left), int(right)))
    else:
        raise ValueError(f"pad2d: pad must be an int, (ph, pw) or ((t, b), (l, r)), got {pad!r}")
    if min(p[0] + p[1]) < 0:
        raise ValueError(f"pad2d: padding must be >= 0, got {pad!r}")
    return p


def pad2d(x: np.ndarray, pad: Pad, value: float = 0.0) -> np.ndarray:
    """x: (N, H, W, C) -> (N, H + top + bottom, W + left + right, C), borders filled with value.

    pad is an int, (ph, pw) or ((top, bottom), (left, right)). Only H and W are padded,
    never N or C. Return a new array of x's dtype; never write into x. ValueError if x
    is not 4-D.
    """
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    raise NotImplementedError("padding: implement pad2d (see stages/s13_cnn/padding/README.md)")
