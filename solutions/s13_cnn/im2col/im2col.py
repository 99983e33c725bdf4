"""im2col and its adjoint col2im: convolution as one matrix product."""

from __future__ import annotations

import numpy as np

from ..padding.padding import output_size, pad2d


def kernel_pair(kernel: int | tuple[int, int]) -> tuple[int, int]:
    """3 -> (3, 3); (KH, KW) stays."""
    if isinstance(kernel, (int, np.integer)):
        return int(kernel), int(kernel)
    KH, KW = kernel
    return int(KH), int(KW)


def im2col(x: np.ndarray, kernel, stride: int = 1, pad: int = 0) -> np.ndarray:
    """x: (N, H, W, C) -> cols: (N*H_out*W_out, KH*KW*C).

    Rows in (n, h_out, w_out) order, columns in (kh, kw, c) order.
    """
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    xp = pad2d(x, pad)                                            # (N, H + 2p, W + 2p, C)
    cols = np.empty((N, H_out, W_out, KH, KW, C), dtype=x.dtype)
    # One strided slice per kernel offset: KH*KW copies, not N*H_out*W_out.
    for i in range(KH):
        for j in range(KW):
            cols[:, :, :, i, j, :] = xp[
                :, i : i + stride * H_out : stride, j : j + stride * W_out : stride, :
            ]
    return cols.reshape(N * H_out * W_out, KH * KW * C)


def col2im(cols: np.ndarray, x_shape, kernel, stride: int = 1, pad: int = 0) -> np.ndarray:
    """cols: (N*H_out*W_out, KH*KW*C) -> (N, H, W, C).

    The adjoint of im2col: every entry is added back where it was read from, so
    overlapping windows sum, and the padding border is cropped.
    """
    N, H, W, C = x_shape
    KH, KW = kernel_pair(kernel)
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    expected = (N * H_out * W_out, KH * KW * C)
    if cols.shape != expected:
        raise ValueError(f"col2im: cols has shape {cols.shape}, expected {expected}")
    cols6 = cols.reshape(N, H_out, W_out, KH, KW, C)
    xp = np.zeros((N, H + 2 * pad, W + 2 * pad, C), dtype=cols.dtype)
    for i in range(KH):
        for j in range(KW):
            xp[:, i : i + stride * H_out : stride, j : j + stride * W_out : stride, :] += cols6[
                :, :, :, i, j, :
            ]
    return xp[:, pad : pad + H, pad : pad + W, :].copy()            # (N, H, W, C)
