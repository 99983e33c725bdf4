"""init_params takes a conv kernel's fan-in as its input channels C (shape[1]) instead of
C*KH*KW, so the conv weights are 5 times too large."""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import PARAM_SHAPES

CONCEPT = "conv fan-in = C instead of C*KH*KW"
NAMED_BY = ("fan_in", "fan-in", "c*kh*kw", "c * kh * kw", "kh*kw", "kernel area", "he scale")
LISTED = False


def init_params(seed=0, device="cpu", dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    params = {}
    for name, shape in PARAM_SHAPES.items():
        if name.endswith(".w"):
            fan_in = shape[1]
            value = torch.randn(shape, generator=g, dtype=dtype) * math.sqrt(2.0 / fan_in)
        else:
            value = torch.zeros(shape, dtype=dtype)
        params[name] = value.to(device).requires_grad_(True)
    return params
