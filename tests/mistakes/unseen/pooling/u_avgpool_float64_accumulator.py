"""avgpool_forward sums the windows in np.zeros(shape), a float64 accumulator, and returns it
without casting back to x's dtype.
"""

import numpy as np
from s13_cnn.pooling.pooling import kernel_pair, output_size

CONCEPT = "float64 accumulator: float32 input gives float64 output"
NAMED_BY = ("float64", "dtype", "float32", "accumulator", "promot")
LISTED = True


def avgpool_forward(x, pool=2, stride=None):
    PH, PW = kernel_pair(pool)
    if stride is None and PH != PW:
        raise ValueError(f"pooling: give a stride for the non-square pool {pool}")
    s = PH if stride is None else stride
    H_out, W_out = output_size(x.shape[1], PH, s), output_size(x.shape[2], PW, s)
    total = np.zeros((x.shape[0], H_out, W_out, x.shape[3]))
    for i in range(PH):
        for j in range(PW):
            total += x[:, i : i + s * H_out : s, j : j + s * W_out : s, :]
    return total / (PH * PW), (x.shape, (PH, PW), s)
