"""init_params draws the biases from the generator too (then zeroes them), so every weight after
c1.w comes from a different part of the stream than the contract's."""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import PARAM_SHAPES

CONCEPT = "the biases drawn from the generator too: the weights' draws shifted"
NAMED_BY = ("bias", "draw order", "order of the draws", "drawn in")
LISTED = True


def init_params(seed=0, device="cpu", dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    params = {}
    for name, shape in PARAM_SHAPES.items():
        value = torch.randn(shape, generator=g, dtype=dtype)  # biases draw too
        if name.endswith(".w"):
            value = value * math.sqrt(2.0 / math.prod(shape[1:]))
        else:
            value = torch.zeros_like(value)
        params[name] = value.to(device).requires_grad_(True)
    return params
