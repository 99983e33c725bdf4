"""maxpool_forward keeps a running max with >=, so on a tie the last maximal entry of the window
wins instead of the first.
"""

import numpy as np
from s13_cnn.pooling.pooling import kernel_pair, output_size

CONCEPT = "ties go to the last max (>=) instead of the first in row-major order"
NAMED_BY = ("last max", "first max", "ties", "tie-break", "tie break", ">=")
LISTED = True


def maxpool_forward(x, pool=2, stride=None):
    PH, PW = kernel_pair(pool)
    if stride is None and PH != PW:
        raise ValueError(f"pooling: give a stride for the non-square pool {pool}")
    s = PH if stride is None else stride
    H_out, W_out = output_size(x.shape[1], PH, s), output_size(x.shape[2], PW, s)
    out = np.full((x.shape[0], H_out, W_out, x.shape[3]), -np.inf, dtype=x.dtype)
    arg = np.zeros(out.shape, dtype=np.intp)
    for i in range(PH):
        for j in range(PW):
            v = x[:, i : i + s * H_out : s, j : j + s * W_out : s, :]
            better = v >= out
            arg[better] = i * PW + j
            out[better] = v[better]
    return out, (x.shape, arg, (PH, PW), s)
