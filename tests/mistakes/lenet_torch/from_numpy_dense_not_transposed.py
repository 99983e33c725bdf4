"""from_numpy moves the conv kernels to torch's layout but keeps dense weights as (in, out)."""

import numpy as np
import torch

DIAGNOSIS = (
    "dense weight not transposed (still in, out): F.linear wants (out, in), a.T"
)


def from_numpy(named):
    params = {}
    for name, value, *_ in named:
        a = np.asarray(value)
        if name.endswith(".w") and a.ndim == 4:
            a = a.transpose(3, 2, 0, 1)
        params[name] = torch.tensor(np.ascontiguousarray(a)).requires_grad_(True)
    return params
