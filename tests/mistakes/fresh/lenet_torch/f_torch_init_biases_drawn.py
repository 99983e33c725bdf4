"""init_params draws the biases from the generator too, with their layer's He scale, instead
of making them zeros (and so every later weight draw shifts).
"""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import PARAM_SHAPES

CONCEPT = "biases drawn from the generator instead of zeros"
NAMED_BY = ("bias", "biases", "zeros", "zero biases", "draws differ", "draw order",
            "from the generator")
LISTED = True


def init_params(seed=0, device="cpu", dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    params, fan_in = {}, 1
    for name, shape in PARAM_SHAPES.items():
        if name.endswith(".w"):
            fan_in = math.prod(shape[1:])
        value = torch.randn(shape, generator=g, dtype=dtype) * math.sqrt(2.0 / fan_in)
        params[name] = value.to(device).requires_grad_(True)
    return params
