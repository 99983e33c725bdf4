"""from_numpy moves the conv kernels with transpose(3, 2, 1, 0), giving (F, C, KW, KH)
instead of (F, C, KH, KW): every kernel is transposed.
"""

import numpy as np
import torch
from s13_cnn.lenet_torch.lenet_torch import from_numpy as reference_from_numpy

CONCEPT = "conv kernels moved as (F, C, KW, KH): spatially transposed"
NAMED_BY = ("(f, c, kw, kh)", "kw, kh", "kh and kw", "transpose(3, 2, 0, 1)",
            "transpose(3, 2, 1, 0)", "spatially transposed", "kernel layout", "transposed")
LISTED = True


def from_numpy(named):
    params = reference_from_numpy(named)
    for name, p in params.items():
        if p.ndim == 4:
            a = np.ascontiguousarray(p.detach().numpy().transpose(0, 1, 3, 2))
            params[name] = torch.tensor(a).requires_grad_(True)
    return params
