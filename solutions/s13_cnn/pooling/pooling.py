"""Max, average and global average pooling, NHWC. Windows that don't fit are dropped."""

from __future__ import annotations

import numpy as np

from ..im2col.im2col import kernel_pair
from ..padding.padding import output_size  # noqa: F401  (you will need it)

# pool is an int p (a p x p window) or a pair (PH, PW). stride=None means stride = pool,
# which needs a square pool: for a non-square pool with stride None, raise ValueError.
# No padding: H_out = output_size(H, PH, stride), W_out = output_size(W, PW, stride).


# BEGIN SOLUTION
def _geometry(x_shape, pool, stride):
    N, H, W, C = x_shape
    PH, PW = kernel_pair(pool)
    s = PH if stride is None else stride
    if stride is None and PH != PW:
        raise ValueError(f"pooling: give a stride for the non-square pool {pool}")
    return PH, PW, s, output_size(H, PH, s), output_size(W, PW, s)
# END SOLUTION


def maxpool_forward(x: np.ndarray, pool=2, stride: int | None = None):
    """x: (N, H, W, C) -> (out: (N, H_out, W_out, C), cache). stride defaults to pool.

    out is the max of each window, per channel, in x's dtype. Keep in the cache which
    entry of each window won: on a tie, the first in row-major window order.
    """
    N, H, W, C = x.shape
    PH, PW = kernel_pair(pool)
    # BEGIN SOLUTION
    PH, PW, s, H_out, W_out = _geometry(x.shape, pool, stride)
    # A running max over the PH*PW window offsets, one strided slice (a view) per offset.
    out = x[:, 0 : s * H_out : s, 0 : s * W_out : s, :].copy()    # (N, H_out, W_out, C)
    arg = np.zeros(out.shape, dtype=np.intp)                    # offset i*PW + j of each max
    for i in range(PH):
        for j in range(PW):
            v = x[:, i : i + s * H_out : s, j : j + s * W_out : s, :]
            # Strictly greater, so the first max wins (as argmax); a NaN beats any number.
            better = (v > out) | (np.isnan(v) & ~np.isnan(out))
            arg += better * (i * PW + j - arg)      # arg[better] = i*PW + j, without a slow mask
            np.maximum(out, v, out=out)             # NaN propagates, as in max
    cache = (x.shape, arg, (PH, PW), s)
    return out, cache
    # END SOLUTION


def maxpool_backward(dout: np.ndarray, cache) -> np.ndarray:
    """dout: (N, H_out, W_out, C) -> dx: (N, H, W, C); each window's gradient goes to its argmax.

    Where windows overlap (stride < pool), gradients routed to the same pixel add up.
    Pixels in no window, or never a max, get 0. dx has dout's dtype.
    """
    N, H_out, W_out, C = dout.shape
    # BEGIN SOLUTION
    x_shape, arg, (PH, PW), s = cache
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            routed = np.where(arg == i * PW + j, dout, 0)
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :] += routed  # overlaps add up
    return dx
    # END SOLUTION


def avgpool_forward(x: np.ndarray, pool=2, stride: int | None = None):
    """x: (N, H, W, C) -> (out: (N, H_out, W_out, C), cache). stride defaults to pool.

    out is the mean of each window, per channel, in x's dtype.
    """
    N, H, W, C = x.shape
    PH, PW = kernel_pair(pool)
    # BEGIN SOLUTION
    PH, PW, s, H_out, W_out = _geometry(x.shape, pool, stride)
    total = np.zeros((N, H_out, W_out, C), dtype=x.dtype)
    for i in range(PH):
        for j in range(PW):
            total += x[:, i : i + s * H_out : s, j : j + s * W_out : s, :]  # one slice per offset
    out = (total / (PH * PW)).astype(x.dtype, copy=False)
    cache = (x.shape, (PH, PW), s)
    return out, cache
    # END SOLUTION


def avgpool_backward(dout: np.ndarray, cache) -> np.ndarray:
    """dout: (N, H_out, W_out, C) -> dx: (N, H, W, C); each window entry gets dout / (PH*PW).

    Overlapping windows add up; pixels in no window get 0. dx has dout's dtype.
    """
    N, H_out, W_out, C = dout.shape
    # BEGIN SOLUTION
    x_shape, (PH, PW), s = cache
    share = dout / (PH * PW)
    dx = np.zeros(x_shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            dx_ij = dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :]  # a view into dx
            if s < PH or s < PW:
                dx_ij += share              # overlapping windows add up
            else:
                dx_ij[...] = share          # each pixel is in one window at most
    return dx
    # END SOLUTION


def global_avgpool_forward(x: np.ndarray):
    """x: (N, H, W, C) -> (out: (N, C), cache).

    The mean over H and W of each channel, in x's dtype.
    """
    N, H, W, C = x.shape
    # BEGIN SOLUTION
    return x.mean(axis=(1, 2), dtype=x.dtype), x.shape
    # END SOLUTION


def global_avgpool_backward(dout: np.ndarray, cache) -> np.ndarray:
    """dout: (N, C) -> dx: (N, H, W, C), every position gets dout / (H*W)."""
    N, C = dout.shape
    # BEGIN SOLUTION
    N, H, W, C = cache
    dx = np.empty(cache, dtype=dout.dtype)
    dx[...] = (dout / (H * W))[:, None, None, :]
    return dx
    # END SOLUTION


class MaxPool2D:
    """Max pooling; after forward, `indices` (N, H_out, W_out, C) holds each max's flat
    position h * W + w in its input plane, as torch's return_indices does."""

    def __init__(self, pool_size=2, stride: int | None = None):
        """Set pool_size and stride as given, and cache = None, indices = None."""
        # BEGIN SOLUTION
        self.pool_size, self.stride = pool_size, stride
        self.cache = None
        self.indices = None
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, H, W, C) -> (N, H_out, W_out, C); sets self.cache and self.indices.

        indices: integers, the row h and column w of each window's max in x (not in
        the window), as h * W + w with W the input width.
        """
        # BEGIN SOLUTION
        out, self.cache = maxpool_forward(x, self.pool_size, self.stride)
        (N, H, W, C), arg, (PH, PW), s = self.cache
        H_out, W_out = out.shape[1:3]
        rows = np.arange(H_out)[None, :, None, None] * s + arg // PW
        cols = np.arange(W_out)[None, None, :, None] * s + arg % PW
        self.indices = rows * W + cols
        return out
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: (N, H_out, W_out, C) -> dx: (N, H, W, C)."""
        # BEGIN SOLUTION
        return maxpool_backward(dout, self.cache)
        # END SOLUTION

    def params(self):
        """No parameters: yields nothing."""
        # BEGIN SOLUTION
        yield from ()
        # END SOLUTION


class AvgPool2D:
    """Average pooling over pool_size windows."""

    def __init__(self, pool_size=2, stride: int | None = None):
        """Set pool_size and stride as given, and cache = None."""
        # BEGIN SOLUTION
        self.pool_size, self.stride = pool_size, stride
        self.cache = None
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, H, W, C) -> (N, H_out, W_out, C); sets self.cache."""
        # BEGIN SOLUTION
        out, self.cache = avgpool_forward(x, self.pool_size, self.stride)
        return out
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: (N, H_out, W_out, C) -> dx: (N, H, W, C)."""
        # BEGIN SOLUTION
        return avgpool_backward(dout, self.cache)
        # END SOLUTION

    def params(self):
        """No parameters: yields nothing."""
        # BEGIN SOLUTION
        yield from ()
        # END SOLUTION


class GlobalAvgPool2D:
    """Mean over H and W: (N, H, W, C) -> (N, C)."""

    def __init__(self):
        """Set cache = None."""
        # BEGIN SOLUTION
        self.cache = None
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, H, W, C) -> (N, C); sets self.cache."""
        # BEGIN SOLUTION
        out, self.cache = global_avgpool_forward(x)
        return out
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: (N, C) -> dx: (N, H, W, C)."""
        # BEGIN SOLUTION
        return global_avgpool_backward(dout, self.cache)
        # END SOLUTION

    def params(self):
        """No parameters: yields nothing."""
        # BEGIN SOLUTION
        yield from ()
        # END SOLUTION
