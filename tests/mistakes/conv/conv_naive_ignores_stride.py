"""conv_forward_naive sizes its output with the stride but slides its window by 1."""

import numpy as np
from s13_cnn.padding.padding import output_size, pad2d

DIAGNOSIS = (
    "the stride ignored in the naive loops: window (h, v) starts at (h*stride, v*stride) of "
    "the padded x"
)


def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW, C, F = w.shape
    H_out, W_out = output_size(H, KH, stride, pad), output_size(W, KW, stride, pad)
    xp = pad2d(x, pad)
    out = np.zeros((N, H_out, W_out, F), dtype=x.dtype)
    for h in range(H_out):
        for v in range(W_out):
            patch = xp[:, h : h + KH, v : v + KW, :]  # h, not h * stride
            out[:, h, v, :] = np.tensordot(patch, w, axes=([1, 2, 3], [0, 1, 2])) + b
    return out
