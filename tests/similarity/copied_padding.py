"""The reference padding.py, copied: variables renamed, helpers reordered, comments moved.

A test fixture of `grader similar` (tests/insight/test_similarity.py): it must be flagged as a
copy of the reference.
"""

from __future__ import annotations

import numpy as np

PadSpec = int | tuple[int, int] | tuple[tuple[int, int], tuple[int, int]]


def normalize_pad(spec: PadSpec) -> tuple[tuple[int, int], tuple[int, int]]:
    """int | (ph, pw) | ((top, bottom), (left, right)) -> ((top, bottom), (left, right))."""
    if isinstance(spec, (int, np.integer)):
        q = ((int(spec), int(spec)), (int(spec), int(spec)))
    elif len(spec) == 2 and all(isinstance(e, (int, np.integer)) for e in spec):
        vert, horiz = (int(e) for e in spec)
        q = ((vert, vert), (horiz, horiz))
    elif len(spec) == 2 and all(len(e) == 2 for e in spec):
        (up, down), (lft, rgt) = spec
        q = ((int(up), int(down)), (int(lft), int(rgt)))
    else:
        raise ValueError(f"pad2d: pad must be an int, (ph, pw) or ((t, b), (l, r)), got {spec!r}")
    if min(q[0] + q[1]) < 0:
        raise ValueError(f"pad2d: padding must be >= 0, got {spec!r}")
    return q


def pad2d(x: np.ndarray, pad: PadSpec, value: float = 0.0) -> np.ndarray:
    """x: (N, H, W, C) -> (N, H + top + bottom, W + left + right, C), borders filled with value."""
    if x.ndim != 4:
        raise ValueError(f"pad2d: expected an NHWC array (4 dims), got shape {x.shape}")
    N, H, W, C = x.shape
    (up, down), (lft, rgt) = normalize_pad(pad)
    result = np.full((N, H + up + down, W + lft + rgt, C), value, dtype=x.dtype)
    result[:, up : up + H, lft : lft + W, :] = x
    return result


def same_pad(kernel: int) -> int:
    """Padding that keeps the size unchanged at stride 1 (odd kernels only)."""
    if kernel < 1 or kernel % 2 == 0:
        raise ValueError(
            f"same_pad: kernel {kernel} has no symmetric 'same' padding; use an odd kernel"
        )
    return (kernel - 1) // 2


def output_size(size: int, kernel: int, stride: int = 1, pad: int = 0) -> int:
    """Length of a convolution or pooling output along one axis.

    floor((size + 2*pad - kernel) / stride) + 1; ValueError when no window fits.
    """
    if stride < 1:
        raise ValueError(f"output_size: stride must be >= 1, got {stride}")
    if kernel < 1:
        raise ValueError(f"output_size: kernel must be >= 1, got {kernel}")
    if pad < 0:
        raise ValueError(f"output_size: pad must be >= 0, got {pad}")
    total = size + 2 * pad
    if kernel > total:
        raise ValueError(
            f"output_size: kernel {kernel} is larger than the padded input {size} + 2*{pad}"
        )
    return (total - kernel) // stride + 1
