"""Core for max-pool mistakes: max pooling with a cache of our own and three hooks.

The reference keeps each window's argmax in a private cache. This core rebinds
maxpool_forward to take the values (and the argument checks) from the reference and to
find the argmax itself, keeping (x, pool, stride, arg) as its cache, arg the winning
offset i * PW + j of each window, (N, H_out, W_out, C). Three hooks start right; a mistake
replaces one with install(...):
- window_argmax(windows): windows (N, H_out, W_out, PH*PW, C) -> arg;
- backward(dout, cache) -> dx (maxpool_backward);
- plane_indices(cache) -> MaxPool2D.indices.
MaxPool2D's forward and backward are rebound to this cache (the reference's read its own).
"""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import MaxPool2D
from s13_cnn.pooling.pooling import maxpool_forward as reference_maxpool_forward


def _first_max(windows):
    return windows.argmax(axis=3)  # the first of equal maxima, as the contract says


def _correct_plane_indices(cache):
    x, pool, stride, arg = cache
    N, H, W, C = x.shape
    PH, PW = kernel_pair(pool)
    s = PH if stride is None else stride
    H_out, W_out = arg.shape[1:3]
    rows = np.arange(H_out)[None, :, None, None] * s + arg // PW
    cols = np.arange(W_out)[None, None, :, None] * s + arg % PW
    return rows * W + cols  # flat position h * W + w in the input plane


def _route_to_max(dout, cache):
    x, pool, stride, arg = cache
    N, H, W, C = x.shape
    dx = np.zeros((N, H * W, C), dtype=dout.dtype)
    n, c = np.arange(N)[:, None, None, None], np.arange(C)
    np.add.at(dx, (n, _correct_plane_indices(cache), c), dout)  # overlapping windows add up
    return dx.reshape(N, H, W, C)


_HOOKS = {
    "window_argmax": _first_max,
    "backward": _route_to_max,
    "plane_indices": _correct_plane_indices,
}


def install(**hooks):
    """install(window_argmax=f), install(backward=f) or install(plane_indices=f)."""
    assert set(hooks) <= set(_HOOKS), f"unknown hooks {set(hooks) - set(_HOOKS)}"
    _HOOKS.update(hooks)


def maxpool_forward(x, pool=2, stride=None):
    out, _ = reference_maxpool_forward(x, pool, stride)  # values and argument checks
    N, H_out, W_out, C = out.shape
    PH, PW = kernel_pair(pool)
    s = PH if stride is None else stride
    windows = np.empty((N, H_out, W_out, PH * PW, C), dtype=x.dtype)
    for i in range(PH):
        for j in range(PW):
            windows[:, :, :, i * PW + j] = x[:, i : i + s * H_out : s, j : j + s * W_out : s]
    return out, (x, pool, stride, _HOOKS["window_argmax"](windows))


def maxpool_backward(dout, cache):
    return _HOOKS["backward"](dout, cache)


def _layer_forward(self, x):
    out, self.cache = maxpool_forward(x, self.pool_size, self.stride)
    self.indices = _HOOKS["plane_indices"](self.cache)
    return out


def _layer_backward(self, dout):
    return maxpool_backward(dout, self.cache)


MaxPool2D.forward, MaxPool2D.backward = _layer_forward, _layer_backward
