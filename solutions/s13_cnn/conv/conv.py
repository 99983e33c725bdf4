"""2-D convolution (cross-correlation, as in every framework), NHWC."""

from __future__ import annotations

import numpy as np

from ..im2col.im2col import col2im, im2col  # noqa: F401  (you will need these)
from ..padding.padding import output_size, pad2d  # noqa: F401


# GIVEN
def _check_shapes(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> None:
    """GIVEN, complete: ValueError unless x, w and b fit together."""
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(
            f"conv: x must be (N, H, W, C) and w (KH, KW, C, F); got {x.shape}, {w.shape}"
        )
    if x.shape[3] != w.shape[2]:
        raise ValueError(f"conv: x has {x.shape[3]} channels but w expects {w.shape[2]}")
    if b.shape != (w.shape[3],):
        raise ValueError(f"conv: b must have shape ({w.shape[3]},), got {b.shape}")


def conv_forward_naive(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0
) -> np.ndarray:
    """x: (N, H, W, C), w: (KH, KW, C, F), b: (F,) -> out: (N, H_out, W_out, F).

    Four explicit loops: slow, obviously right, and the oracle for the fast version.

    out[n, h, v, f] = sum over i, j, c of xp[n, h*stride + i, v*stride + j, c] * w[i, j, c, f]
    plus b[f], where xp is x zero-padded by pad. No kernel flip. Same dtype as x.
    """
    _check_shapes(x, w, b)
    N, H, W, C = x.shape
    KH, KW, C, F = w.shape
    # BEGIN SOLUTION
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    xp = pad2d(x, pad)
    out = np.zeros((N, H_out, W_out, F), dtype=x.dtype)
    for n in range(N):
        for h in range(H_out):
            for v in range(W_out):
                patch = xp[n, h * stride : h * stride + KH, v * stride : v * stride + KW, :]
                for f in range(F):
                    out[n, h, v, f] = np.sum(patch * w[:, :, :, f]) + b[f]
    return out
    # END SOLUTION


def conv_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0):
    """x: (N, H, W, C), w: (KH, KW, C, F), b: (F,) -> (out: (N, H_out, W_out, F), cache).

    The same numbers as conv_forward_naive, computed as im2col(x) @ w.reshape(-1, F) + b.
    out has x's dtype. cache is yours: whatever conv_backward needs (for example
    (x.shape, cols, w, stride, pad)); tests only pass it back to you.
    """
    _check_shapes(x, w, b)
    N, H, W, C = x.shape
    KH, KW, C, F = w.shape
    # BEGIN SOLUTION
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    cols = im2col(x, (KH, KW), stride, pad)                   # (N*H_out*W_out, KH*KW*C)
    out = cols @ w.reshape(-1, F) + b                         # (N*H_out*W_out, F)
    out = out.reshape(N, H_out, W_out, F).astype(x.dtype, copy=False)
    cache = (x.shape, cols, w, stride, pad)
    return out, cache
    # END SOLUTION


def conv_param_grads(dout: np.ndarray, cache) -> tuple[np.ndarray, np.ndarray]:
    """The weight and bias gradients alone: what a first layer needs, with no dx.

    dout: (N, H_out, W_out, F), cache from conv_forward -> (dw: (KH, KW, C, F), db: (F,)),
    both in w's dtype. db sums dout over N, H_out and W_out (a sum, not a mean).
    """
    N, H_out, W_out, F = dout.shape
    # BEGIN SOLUTION
    x_shape, cols, w, stride, pad = cache
    F = w.shape[3]
    dout2 = dout.reshape(-1, F)                               # (N*H_out*W_out, F)
    dw = (cols.T @ dout2).reshape(w.shape).astype(w.dtype, copy=False)
    # (F,): summed, not averaged. A vector-matrix product sums the columns ~10x faster
    # than dout2.sum(axis=0), which walks rows of only F numbers.
    db = (np.ones(len(dout2), dtype=dout2.dtype) @ dout2).astype(w.dtype, copy=False)
    return dw, db
    # END SOLUTION


def conv_backward(dout: np.ndarray, cache):
    """dout: (N, H_out, W_out, F) -> (dx: (N, H, W, C), dw: (KH, KW, C, F), db: (F,)).

    dx = col2im(dout @ w^T) has dout's dtype; dw and db as in conv_param_grads.
    Never write into dout or into anything in the cache.
    """
    N, H_out, W_out, F = dout.shape
    # BEGIN SOLUTION
    x_shape, cols, w, stride, pad = cache
    KH, KW, C, F = w.shape
    dw, db = conv_param_grads(dout, cache)
    dcols = dout.reshape(-1, F) @ w.reshape(-1, F).T          # (N*H_out*W_out, KH*KW*C)
    dx = col2im(dcols, x_shape, (KH, KW), stride, pad)        # (N, H, W, C)
    return dx.astype(dout.dtype, copy=False), dw, db
    # END SOLUTION


class Conv2D:
    """A convolution layer: He-initialised w (KH, KW, C_in, C_out), zero b (C_out,)."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride: int = 1,
        pad: int = 0,
        rng=None,
        dtype=np.float64,
    ):
        """Set these attributes (tests read them by name):

        w: (KH, KW, in_channels, out_channels), drawn from np.random.default_rng(rng)
           as standard normals times sqrt(2 / fan_in), fan_in = KH*KW*in_channels;
        b: zeros (out_channels,); dw, db: zeros shaped like w and b; all of `dtype`;
        stride, pad: as given; input_grad = True; cache = None.
        kernel_size is an int k (a k x k kernel) or a pair (KH, KW).
        """
        # BEGIN SOLUTION
        rng = np.random.default_rng(rng)
        KH, KW = (kernel_size, kernel_size) if np.isscalar(kernel_size) else kernel_size
        fan_in = KH * KW * in_channels
        scale = np.sqrt(2.0 / fan_in)
        self.w = (rng.standard_normal((KH, KW, in_channels, out_channels)) * scale).astype(dtype)
        self.b = np.zeros(out_channels, dtype=dtype)
        self.dw = np.zeros_like(self.w)
        self.db = np.zeros_like(self.b)
        self.stride, self.pad = stride, pad
        self.input_grad = True   # a first layer may switch this off: nothing needs its dx
        self.cache = None
        # END SOLUTION

    def forward(self, x: np.ndarray) -> np.ndarray:
        """x: (N, H, W, C_in) -> (N, H_out, W_out, C_out); keeps conv_forward's cache."""
        # BEGIN SOLUTION
        out, self.cache = conv_forward(x, self.w, self.b, self.stride, self.pad)
        return out
        # END SOLUTION

    def backward(self, dout: np.ndarray) -> np.ndarray | None:
        """dout: (N, H_out, W_out, C_out) -> dx: (N, H, W, C_in); sets self.dw, self.db.

        When self.input_grad is False, set dw and db only and return None.
        """
        # BEGIN SOLUTION
        if not self.input_grad:
            self.dw, self.db = conv_param_grads(dout, self.cache)
            return None
        dx, self.dw, self.db = conv_backward(dout, self.cache)
        return dx
        # END SOLUTION

    def params(self):
        """Yields ("w", self.w, self.dw), then ("b", self.b, self.db): the live arrays."""
        # BEGIN SOLUTION
        yield "w", self.w, self.dw
        yield "b", self.b, self.db
        # END SOLUTION
