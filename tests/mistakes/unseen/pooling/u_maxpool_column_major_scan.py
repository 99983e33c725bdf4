"""maxpool_forward visits the window offsets column by column (j outer, i inner), so a tie goes
to the first max in column-major order, not row-major.
"""

import numpy as np
from s13_cnn.pooling.pooling import kernel_pair, output_size

CONCEPT = "window offsets scanned in column-major order: ties resolved column-major"
NAMED_BY = ("column-major", "column major", "row-major", "row major", "loop order",
            "first max", "ties")
LISTED = False


def maxpool_forward(x, pool=2, stride=None):
    PH, PW = kernel_pair(pool)
    if stride is None and PH != PW:
        raise ValueError(f"pooling: give a stride for the non-square pool {pool}")
    s = PH if stride is None else stride
    H_out, W_out = output_size(x.shape[1], PH, s), output_size(x.shape[2], PW, s)
    out = np.full((x.shape[0], H_out, W_out, x.shape[3]), -np.inf, dtype=x.dtype)
    arg = np.zeros(out.shape, dtype=np.intp)
    for j in range(PW):
        for i in range(PH):
            v = x[:, i : i + s * H_out : s, j : j + s * W_out : s, :]
            better = v > out
            arg[better] = i * PW + j
            out[better] = v[better]
    return out, (x.shape, arg, (PH, PW), s)
