"""Max, average and global average pooling, NHWC. Windows that don't fit are dropped."""

from __future__ import annotations

import numpy as np

from ..im2col.im2col import kernel_pair
from ..padding.padding import output_size  # noqa: F401  (you will need it)

# pool is an int p (a p x p window) or a pair (PH, PW). stride=None means stride = pool,
# which needs a square pool: for a non-square pool with stride None, raise ValueError.
# No padding: H_out = output_size(H, PH, stride), W_out = output_size(W, PW, stride).


def maxpool_forward(x: np.ndarray, pool=2, stride: int | None = None):
    """x: (N, H, W, C) -> (out: (N, H_out, W_out, C), cache). stride defaults to pool.

    out is the max of each window, per channel, in x's dtype. Keep in the cache which
    entry of each window won: on a tie, the first in row-major window order.
    """
    N, H, W, C = x.shape
    PH, PW = kernel_pair(pool)
    raise NotImplementedError(
        "pooling: implement maxpool_forward (see stages/s13_cnn/pooling/README.md)"
    )


def maxpool_backward(dout: np.ndarray, cache) -> np.ndarray:
    """dout: (N, H_out, W_out, C) -> dx: (N, H, W, C); each window's gradient goes to its argmax.

    Where windows overlap (stride < pool), gradients routed to the same pixel add up.
    Pixels in no window, or never a max, get 0. dx has dout's dtype.
    """
    N, H_out, W_out, C = dout.shape
    raise NotImplementedError(
        "pooling: implement maxpool_backward (see stages/s13_cnn/pooling/README.md)"
    )


def avgpool_forward(x: np.ndarray, pool=2, stride: int | None = None):
    """x: (N, H, W, C) -> (out: (N, H_out, W_out, C), cache). stride defaults to pool.

    out is the mean of each window, per channel, in x's dtype.
    """
    N, H, W, C = x.shape
    PH, PW = kernel_pair(pool)
    raise NotImplementedError(
        "pooling: implement avgpool_forward (see stages/s13_cnn/pooling/README.md)"
    )


def avgpool_backward(dout: np.ndarray, cache) -> np.ndarray:
    """dout: (N, H_out, W_out, C) -> dx: (N, H, W, C); each window entry gets dout / (PH*PW).

    Overlapping windows add up; pixels in no window get 0. dx has dout's dtype.
    """
    N, H_out, W_out, C = dout.shape
    raise NotImplementedError(
        "pooling: implement avgpool_backward (see stages/s13_cnn/pooling/README.md)"
    )


def global_avgpool_forward(x: np.ndarray):
    """x: (N, H, W, C) -> (out: (N, C), cache).

    The mean over H and W of each channel, in x's dtype.
    """
    N, H, W, C = x.shape
    raise NotImplementedError(
        "pooling: implement global_avgpool_forward (see stages/s13_cnn/pooling/README.md)"
    )


def global_avgpool_backward(dout: np.ndarray, cache) -> np.ndarray:
    """dout: (N, C) -> dx: (N, H, W, C), every position gets dout / (H*W)."""
    N, C = dout.shape
    raise NotImplementedError(
        "pooling: implement global_avgpool_backward (see stages/s13_cnn/pooling/README.md)"
    )


class MaxPool2D:
    """Max pooling; after forward, `indices` (N, H_out, W_out, C) holds each max's flat
    position h * W + w in its input plane, as torch's return_indices does."""

    def __init__(self, pool_size=2, stride: int | None = None):
        """Set pool_size and stride as given, and cache = None, indices = None."""
        raise NotImplementedError(
            "pooling: implement MaxPool2D.__init__ (see stages/s13_cnn/pooling/README.md)"
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, H, W, C) -> (N, H_out, W_out, C); sets self.cache and self.indices.

        indices: integers, the row h and column w of each window's max in x (not in
        the window), as h * W + w with W the input width.
        """
        raise NotImplementedError(
            "pooling: implement MaxPool2D.forward (see stages/s13_cnn/pooling/README.md)"
        )

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: (N, H_out, W_out, C) -> dx: (N, H, W, C)."""
        raise NotImplementedError(
            "pooling: implement MaxPool2D.backward (see stages/s13_cnn/pooling/README.md)"
        )

    def params(self):
        """No parameters: yields nothing."""
        raise NotImplementedError(
            "pooling: implement MaxPool2D.params (see stages/s13_cnn/pooling/README.md)"
        )


class AvgPool2D:
    """Average pooling over pool_size windows."""

    def __init__(self, pool_size=2, stride: int | None = None):
        """Set pool_size and stride as given, and cache = None."""
        raise NotImplementedError(
            "pooling: implement AvgPool2D.__init__ (see stages/s13_cnn/pooling/README.md)"
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, H, W, C) -> (N, H_out, W_out, C); sets self.cache."""
        raise NotImplementedError(
            "pooling: implement AvgPool2D.forward (see stages/s13_cnn/pooling/README.md)"
        )

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: (N, H_out, W_out, C) -> dx: (N, H, W, C)."""
        raise NotImplementedError(
            "pooling: implement AvgPool2D.backward (see stages/s13_cnn/pooling/README.md)"
        )

    def params(self):
        """No parameters: yields nothing."""
        raise NotImplementedError(
            "pooling: implement AvgPool2D.params (see stages/s13_cnn/pooling/README.md)"
        )


class GlobalAvgPool2D:
    """Mean over H and W: (N, H, W, C) -> (N, C)."""

    def __init__(self):
        """Set cache = None."""
        raise NotImplementedError(
            "pooling: implement GlobalAvgPool2D.__init__ (see stages/s13_cnn/pooling/README.md)"
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, H, W, C) -> (N, C); sets self.cache."""
        raise NotImplementedError(
            "pooling: implement GlobalAvgPool2D.forward (see stages/s13_cnn/pooling/README.md)"
        )

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dout: (N, C) -> dx: (N, H, W, C)."""
        raise NotImplementedError(
            "pooling: implement GlobalAvgPool2D.backward (see stages/s13_cnn/pooling/README.md)"
        )

    def params(self):
        """No parameters: yields nothing."""
        raise NotImplementedError(
            "pooling: implement GlobalAvgPool2D.params (see stages/s13_cnn/pooling/README.md)"
        )
