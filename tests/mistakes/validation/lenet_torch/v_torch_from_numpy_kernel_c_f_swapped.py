"""from_numpy moves a conv kernel with transpose(2, 3, 0, 1), giving (C, F, KH, KW) instead of
(F, C, KH, KW)."""

import numpy as np
import torch

CONCEPT = "conv kernels moved to (C, F, KH, KW): channels and filters swapped"
NAMED_BY = ("(c, f", "c and f", "f and c", "swapped", "transpose(3, 2, 0, 1)",
            "channels and filters")
LISTED = False


def from_numpy(named):
    params = {}
    for name, value, *_ in named:
        a = np.asarray(value)
        if name.endswith(".w") and a.ndim == 4:
            a = a.transpose(2, 3, 0, 1)  # (C, F, KH, KW)
        elif name.endswith(".w"):
            a = a.T
        params[name] = torch.tensor(np.ascontiguousarray(a)).requires_grad_(True)
    return params
