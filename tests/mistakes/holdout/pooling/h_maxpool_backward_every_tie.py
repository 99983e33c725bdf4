"""maxpool_backward sends a window's gradient to every entry equal to the window's max (a
mask x == max), so a tie gets the gradient twice instead of once, at the first max."""

import numpy as np
from s13_cnn.pooling.pooling import MaxPool2D
from s13_cnn.pooling.pooling import maxpool_forward as reference_maxpool_forward

CONCEPT = "gradient routed to every tied max, not to the first one only"
NAMED_BY = (
    "a tie",
    "tied",
    "tie-break",
    "tie break",
    "every max",
    "all maxima",
    "each max",
    "equal to the max",
    "first max",
    "more than one",
    "duplicate",
)
LISTED = False


def maxpool_forward(x, pool=2, stride=None):
    out, (x_shape, arg, (PH, PW), s) = reference_maxpool_forward(x, pool, stride)
    return out, (x, out, (PH, PW), s)  # the backward finds the max again


def forward_keeping_x(self, x):
    out, self.cache = maxpool_forward(x, self.pool_size, self.stride)
    _, ((N, H, W, C), arg, (PH, PW), s) = reference_maxpool_forward(x, self.pool_size, self.stride)
    H_out, W_out = out.shape[1:3]
    rows = np.arange(H_out)[None, :, None, None] * s + arg // PW
    cols = np.arange(W_out)[None, None, :, None] * s + arg % PW
    self.indices = rows * W + cols
    return out


def maxpool_backward(dout, cache):
    x, out, (PH, PW), s = cache
    N, H_out, W_out, C = dout.shape
    dx = np.zeros(x.shape, dtype=dout.dtype)
    for i in range(PH):
        for j in range(PW):
            v = x[:, i : i + s * H_out : s, j : j + s * W_out : s, :]
            dx[:, i : i + s * H_out : s, j : j + s * W_out : s, :] += np.where(v == out, dout, 0)
    return dx


MaxPool2D.forward = forward_keeping_x
