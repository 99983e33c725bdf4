"""init_params draws the weights uniform in +-sqrt(6 / fan_in) (He uniform) instead of
normal with std sqrt(2 / fan_in)."""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import PARAM_SHAPES

DIAGNOSIS = (
    "uniform weights (torch.rand): He-normal draws torch.randn(shape, generator=g) times "
    "sqrt(2 / fan_in)"
)


def init_params(seed=0, device="cpu", dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    params = {}
    for name, shape in PARAM_SHAPES.items():
        if name.endswith(".w"):
            bound = math.sqrt(6.0 / math.prod(shape[1:]))
            value = (torch.rand(shape, generator=g, dtype=dtype) * 2 - 1) * bound
        else:
            value = torch.zeros(shape, dtype=dtype)
        params[name] = value.to(device).requires_grad_(True)
    return params
