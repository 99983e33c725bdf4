"""from_numpy moves conv kernels with transpose(3, 2, 1, 0), giving (F, C, KW, KH): the right
shape for square kernels, but each filter transposed.
"""

import numpy as np
import torch

CONCEPT = "conv kernels moved to (F, C, KW, KH): height and width swapped"
NAMED_BY = ("(f, c, kw, kh)", "kw, kh", "transpose(3, 2, 0, 1)", "height and width",
            "transposed filter", "transposed kernel")
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
