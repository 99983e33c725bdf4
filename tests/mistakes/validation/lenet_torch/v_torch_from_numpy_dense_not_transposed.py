"""from_numpy moves the conv kernels to (F, C, KH, KW) but leaves the dense weights as (in, out)
instead of transposing them to (out, in)."""

import numpy as np
import torch

CONCEPT = "dense weights not transposed to (out, in) in from_numpy"
NAMED_BY = ("(out, in)", "not transposed", "transpose", ".t", "dense weight")
LISTED = True


def from_numpy(named):
    params = {}
    for name, value, *_ in named:
        a = np.asarray(value)
        if name.endswith(".w") and a.ndim == 4:
            a = a.transpose(3, 2, 0, 1)
        params[name] = torch.tensor(np.ascontiguousarray(a)).requires_grad_(True)
    return params
