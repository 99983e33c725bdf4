"""maxpool_forward records the winning offset with >= while scanning the window, so on a
tie the last maximum wins instead of the first."""

import numpy as np
from s13_cnn.pooling.pooling import kernel_pair, output_size

CONCEPT = "ties go to the last max (>=) instead of the first"
NAMED_BY = (
    "last max",
    "a tie",
    "tied",
    "tie-break",
    "tie break",
    ">=",
    "first max",
    "first maximum",
    "last maximum",
)
LISTED = True


def maxpool_forward(x, pool=2, stride=None):
    N, H, W, C = x.shape
    PH, PW = kernel_pair(pool)
    if stride is None and PH != PW:
        raise ValueError(f"pooling: give a stride for the non-square pool {pool}")
    s = PH if stride is None else stride
    H_out, W_out = output_size(H, PH, s), output_size(W, PW, s)
    out = x[:, 0 : s * H_out : s, 0 : s * W_out : s, :].copy()
    arg = np.zeros(out.shape, dtype=np.intp)
    for i in range(PH):
        for j in range(PW):
            v = x[:, i : i + s * H_out : s, j : j + s * W_out : s, :]
            better = v >= out
            arg[better] = i * PW + j
            out = np.maximum(out, v)
    return out, (x.shape, arg, (PH, PW), s)
