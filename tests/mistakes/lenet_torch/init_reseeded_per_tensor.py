"""init_params makes a new generator, seeded with seed, for every weight."""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import PARAM_SHAPES

DIAGNOSIS = (
    "a generator seeded anew for every weight: make g = torch.Generator().manual_seed(seed) "
    "once and draw every weight from it, in PARAM_SHAPES order"
)


def init_params(seed=0, device="cpu", dtype=torch.float32):
    params = {}
    for name, shape in PARAM_SHAPES.items():
        if name.endswith(".w"):
            g = torch.Generator().manual_seed(seed)  # the same stream for every weight
            std = math.sqrt(2.0 / math.prod(shape[1:]))
            value = torch.randn(shape, generator=g, dtype=dtype) * std
        else:
            value = torch.zeros(shape, dtype=dtype)
        params[name] = value.to(device).requires_grad_(True)
    return params
