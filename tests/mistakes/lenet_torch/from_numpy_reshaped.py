"""from_numpy reshapes each NumPy weight to torch's shape instead of transposing its axes."""

import numpy as np
import torch

DIAGNOSIS = (
    "weights reshaped to torch's shape instead of transposed: reshape keeps the memory order, "
    "a.transpose(3, 2, 0, 1) for a kernel (KH, KW, C, F), a.T for a dense weight"
)


def from_numpy(named):
    params = {}
    for name, value, *_ in named:
        a = np.asarray(value)
        if name.endswith(".w") and a.ndim == 4:
            KH, KW, C, F = a.shape
            a = a.reshape(F, C, KH, KW)
        elif name.endswith(".w"):
            a = a.reshape(a.shape[::-1])
        params[name] = torch.tensor(np.ascontiguousarray(a)).requires_grad_(True)
    return params
