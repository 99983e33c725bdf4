"""maxpool_forward starts its running maximum at 0 instead of at the first window entry, so a
window whose entries are all negative gives 0."""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

CONCEPT = "running max initialised to 0 instead of -inf or the first entry (negative windows)"
NAMED_BY = ("negative", "-inf", "starts at 0", "started at 0", "initialised to 0",
            "initialized to 0", "running max", "start at 0")
LISTED = False


def maxpool_forward(x, pool=2, stride=None):
    N, H, W, C = x.shape
    PH, PW = kernel_pair(pool)
    if stride is None and PH != PW:
        raise ValueError(f"pooling: give a stride for the non-square pool {pool}")
    s = PH if stride is None else stride
    H_out, W_out = output_size(H, PH, s), output_size(W, PW, s)
    out = np.zeros((N, H_out, W_out, C), dtype=x.dtype)  # the running max starts at 0
    arg = np.zeros(out.shape, dtype=np.intp)
    for i in range(PH):
        for j in range(PW):
            v = x[:, i : i + s * H_out : s, j : j + s * W_out : s, :]
            arg = np.where(v > out, i * PW + j, arg)
            out = np.maximum(out, v)
    # cache: (x's shape, each max's offset i*PW + j in its window, the pool, the stride)
    return out, (x.shape, arg, (PH, PW), s)
