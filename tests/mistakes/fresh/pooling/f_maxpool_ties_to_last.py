"""maxpool_forward updates the winner with >= instead of >, so on a tie the last maximum of
the window wins instead of the first.
"""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

CONCEPT = "ties go to the last max (>=)"
NAMED_BY = ("ties", "last max", "first max", ">=", "first occurrence", "tied",
            "equal values")
LISTED = True


def maxpool_forward(x, pool=2, stride=None):
    PH, PW = kernel_pair(pool)
    if stride is None and PH != PW:
        raise ValueError(f"pooling: give a stride for the non-square pool {pool}")
    s = PH if stride is None else stride
    N, H, W, C = x.shape
    H_out, W_out = output_size(H, PH, s), output_size(W, PW, s)
    out = x[:, 0 : s * H_out : s, 0 : s * W_out : s, :].copy()
    arg = np.zeros(out.shape, dtype=np.intp)
    for i in range(PH):
        for j in range(PW):
            v = x[:, i : i + s * H_out : s, j : j + s * W_out : s, :]
            better = v >= out
            arg[better] = i * PW + j
            out = np.where(better, v, out)
    return out, (x.shape, arg, (PH, PW), s)
