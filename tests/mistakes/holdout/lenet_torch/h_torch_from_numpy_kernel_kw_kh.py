"""from_numpy moves a conv kernel with transpose(3, 2, 1, 0), giving (F, C, KW, KH): the
right shape for square kernels, but every filter transposed in H and W."""

import numpy as np
import torch

CONCEPT = "conv kernels moved as (F, C, KW, KH): filters transposed"
NAMED_BY = (
    "(F, C, KW, KH)",
    "KW, KH",
    "transpose(3, 2, 1, 0)",
    "transposed in H and W",
    "swapped H and W",
    "H and W swapped",
    "kernel layout",
    "transposed filter",
)
LISTED = True


def from_numpy(named):
    params = {}
    for name, value, *_ in named:
        a = np.asarray(value)
        if name.endswith(".w") and a.ndim == 4:
            a = a.transpose(3, 2, 1, 0)
        elif name.endswith(".w"):
            a = a.T
        params[name] = torch.tensor(np.ascontiguousarray(a)).requires_grad_(True)
    return params
