"""im2col and its adjoint col2im: convolution as one matrix product."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view  # noqa: F401  (optional, see README)

from ..padding.padding import output_size, pad2d  # noqa: F401  (you will need both)


def kernel_pair(kernel: int | tuple[int, int]) -> tuple[int, int]:
    """3 -> (3, 3); (KH, KW) stays. GIVEN, complete."""
    if isinstance(kernel, (int, np.integer)):
        return int(kernel), int(kernel)
    KH, KW = kernel
    return int(KH), int(KW)


def im2col(x: np.ndarray, kernel, stride: int = 1, pad: int = 0) -> np.ndarray:
    """x: (N, H, W, C) -> cols: (N*H_out*W_out, KH*KW*C).

    Rows in (n, h_out, w_out) order, columns in (kh, kw, c) order.

    Row n*H_out*W_out + h*W_out + v is the window whose top-left corner is at
    (h*stride, v*stride) in the padded image n, flattened so that column
    (i*KW + j)*C + c holds xp[n, h*stride + i, v*stride + j, c]. Same dtype as x;
    x is never written. Hint: fill an (N, H_out, W_out, KH, KW, C) array with one
    strided slice per kernel offset (i, j), then reshape.
    """
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    raise NotImplementedError("im2col: implement im2col (see stages/s13_cnn/im2col/README.md)")


def col2im(cols: np.ndarray, x_shape, kernel, stride: int = 1, pad: int = 0) -> np.ndarray:
    """cols: (N*H_out*W_out, KH*KW*C) -> (N, H, W, C).

    The adjoint of im2col: every entry is added back where it was read from, so
    overlapping windows sum, and the padding border is cropped.

    x_shape is the (N, H, W, C) that im2col was given. Not an inverse: with
    overlapping windows, col2im(im2col(x)) counts each pixel once per window that
    holds it. ValueError if cols does not have the shape above. Same dtype as cols.
    """
    N, H, W, C = x_shape
    KH, KW = kernel_pair(kernel)
    raise NotImplementedError("im2col: implement col2im (see stages/s13_cnn/im2col/README.md)")
