"""im2col and its adjoint col2im: convolution as one matrix product."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view  # noqa: F401  (optional, see README)

from ..padding.padding import output_size, pad2d  # noqa: F401  (you will need both)


# GIVEN
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
    # BEGIN SOLUTION
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    xp = pad2d(x, pad) if pad else x                    # (N, Hp, Wp, C), Hp = H + 2*pad
    # Every window as a read-only view into xp: nothing is copied yet. The kernel loop
    # (one strided slice per offset) gives the same numbers; one copy of this view is
    # faster, because each window row (KW*C numbers) is contiguous in xp.
    windows = sliding_window_view(xp, (KH, KW), axis=(1, 2))    # (N, Hp-KH+1, Wp-KW+1, C, KH, KW)
    windows = windows[:, ::stride, ::stride]                    # (N, H_out, W_out, C, KH, KW)
    windows = windows.transpose(0, 1, 2, 4, 5, 3)               # (N, H_out, W_out, KH, KW, C)
    if C == 1:
        # One channel (a first layer): a window row is only KW numbers, too short to copy
        # fast. Fill the transpose instead, whose rows are whole image rows, and return
        # its transposed view: the same matrix, stored column by column.
        cols_t = windows.transpose(3, 4, 5, 0, 1, 2).copy()    # (KH, KW, 1, N, H_out, W_out)
        return cols_t.reshape(KH * KW, N * H_out * W_out).T
    return windows.copy().reshape(N * H_out * W_out, KH * KW * C)  # the one copy
    # END SOLUTION


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
    # BEGIN SOLUTION
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    expected = (N * H_out * W_out, KH * KW * C)
    if cols.shape != expected:
        raise ValueError(f"col2im: cols has shape {cols.shape}, expected {expected}")
    cols6 = cols.reshape(N, H_out, W_out, KH, KW, C)
    QH, QW = -(-KH // stride), -(-KW // stride)     # ceil: windows this far apart don't overlap
    TH, TW = QH * stride, QW * stride               # a tile of that size holds one window
    # (a margin of one tile, cropped below, lets the groups' last tiles overhang)
    xp = np.zeros((N, H + 2 * pad + TH, W + 2 * pad + TW, C), dtype=cols.dtype)
    if C == 1:
        # One channel: the kernel loop, one add per offset (i, j), runs along image rows.
        for i in range(KH):
            for j in range(KW):
                xp[:, i : i + stride * H_out : stride, j : j + stride * W_out : stride, :] += (
                    cols6[:, :, :, i, j, :]                     # (N, H_out, W_out, 1)
                )
    else:
        # The kernel loop would add C numbers at a time. Instead add the windows in QH*QW
        # groups, (h % QH, w % QW), whose windows don't overlap: each group in one go,
        # through a view of xp cut into TH x TW tiles, one per window, so every add runs
        # along a whole window row (KW*C numbers).
        for a in range(QH):
            for b in range(QW):
                group = cols6[:, a::QH, b::QW]                  # (N, nh, nw, KH, KW, C)
                nh, nw = group.shape[1:3]
                tiles = xp[:, a * stride : a * stride + nh * TH, b * stride : b * stride + nw * TW]
                tiles = tiles.reshape(N, nh, TH, nw, TW, C)[:, :, :KH, :, :KW]  # views, no copy
                tiles = tiles.transpose(0, 1, 3, 2, 4, 5)       # (N, nh, nw, KH, KW, C)
                tiles += group                                  # writes through into xp
    return xp[:, pad : pad + H, pad : pad + W, :].copy()        # (N, H, W, C)
    # END SOLUTION
