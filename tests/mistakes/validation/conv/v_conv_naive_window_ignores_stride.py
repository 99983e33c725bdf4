"""conv_forward_naive sizes its output for the stride but reads the patch at xp[n, h : h + KH,
v : v + KW], without multiplying h and v by the stride."""

import numpy as np
from s13_cnn.padding.padding import output_size, pad2d

CONCEPT = "the naive loop's patch starts at h instead of h*stride (stride ignored)"
NAMED_BY = ("ignores the stride", "ignored the stride", "stride ignored", "stride is ignored",
            "h*stride", "h * stride", "without the stride")
LISTED = True


def conv_forward_naive(x, w, b, stride=1, pad=0):
    if x.ndim != 4 or w.ndim != 4 or x.shape[3] != w.shape[2] or b.shape != (w.shape[3],):
        raise ValueError(f"conv: shapes do not fit: {x.shape}, {w.shape}, {b.shape}")
    N, H, W, C = x.shape
    KH, KW, C, F = w.shape
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    xp = pad2d(x, pad)
    out = np.zeros((N, H_out, W_out, F), dtype=x.dtype)
    for n in range(N):
        for h in range(H_out):
            for v in range(W_out):
                patch = xp[n, h : h + KH, v : v + KW, :]  # h*stride forgotten
                for f in range(F):
                    out[n, h, v, f] = np.sum(patch * w[:, :, :, f]) + b[f]
    return out
