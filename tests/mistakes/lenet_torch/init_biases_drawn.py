"""init_params draws every tensor, the biases too, with fan_in = prod(shape[1:]) (1 for a
bias), instead of zero biases."""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import PARAM_SHAPES

DIAGNOSIS = (
    "the biases drawn like the weights: biases start at zero, and only the weights are "
    "drawn from the generator"
)


def init_params(seed=0, device="cpu", dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    params = {}
    for name, shape in PARAM_SHAPES.items():
        fan_in = math.prod(shape[1:])  # 1 for a bias
        value = torch.randn(shape, generator=g, dtype=dtype) * math.sqrt(2.0 / fan_in)
        params[name] = value.to(device).requires_grad_(True)
    return params
