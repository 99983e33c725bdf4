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
    # BEGIN SOLUTION
    if stride < 1:
        raise ValueError(f"output_size: stride must be >= 1, got {stride}")
    if kernel < 1:
        raise ValueError(f"output_size: kernel must be >= 1, got {kernel}")
    if pad < 0:
        raise ValueError(f"output_size: pad must be >= 0, got {pad}")
    padded = size + 2 * pad
    if kernel > padded:
        raise ValueError(
            f"output_size: kernel {kernel} is larger than the padded input {size} + 2*{pad}"
        )
    return (padded - kernel) // stride + 1
    # END SOLUTION


def same_pad(kernel: int) -> int:
    """Padding that keeps the size unchanged at stride 1 (odd kernels only).

    3 -> 1, 5 -> 2; an even (or < 1) kernel has no symmetric answer: raise ValueError.
    """
    # BEGIN SOLUTION
    if kernel < 1 or kernel % 2 == 0:
        raise ValueError(
            f"same_pad: kernel {kernel} has no symmetric 'same' padding; use an odd kernel"
        )
    return (kernel - 1) // 2
    # END SOLUTION


# GIVEN
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
    # BEGIN SOLUTION
    (top, bottom), (left, right) = normalize_pad(pad)
    out = np.full((N, H + top + bottom, W + left + right, C), value, dtype=x.dtype)
    out[:, top : top + H, left : left + W, :] = x
    return out
    # END SOLUTION
