"""conv_forward_naive adds the bias inside the window sum, np.sum(patch * w[..., f] + b[f]), so
it is counted once per window element.
"""

import numpy as np
from s13_cnn.conv.conv import conv_forward, output_size, pad2d

CONCEPT = "bias added to every product inside the sum (multiplied by KH*KW*C)"
NAMED_BY = ("bias added", "bias inside", "bias times", "bias multiplied", "bias counted",
            "bias scaled", "b[f]")
LISTED = False


def conv_forward_naive(x, w, b, stride=1, pad=0):
    conv_forward(x, w, b, stride, pad)  # its shape checks
    N, H, W, C = x.shape
    KH, KW, C, F = w.shape
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    xp = pad2d(x, pad)
    out = np.zeros((N, H_out, W_out, F), dtype=x.dtype)
    for n in range(N):
        for h in range(H_out):
            for v in range(W_out):
                patch = xp[n, h * stride : h * stride + KH, v * stride : v * stride + KW, :]
                for f in range(F):
                    out[n, h, v, f] = np.sum(patch * w[:, :, :, f] + b[f])
    return out
