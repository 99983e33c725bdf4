"""init_params scales the He weights with the fan-out (F*KH*KW for a conv, `out` for a dense
layer) instead of the fan-in (C*KH*KW, `in`).
"""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import PARAM_SHAPES

CONCEPT = "He std from fan_out instead of fan_in"
NAMED_BY = ("fan_out", "fan-out", "fan_in", "fan-in", "c*kh*kw", "shape[1:]", "std")
LISTED = False


def init_params(seed=0, device="cpu", dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    params = {}
    for name, shape in PARAM_SHAPES.items():
        if name.endswith(".w"):
            fan_out = shape[0] * math.prod(shape[2:])
            value = torch.randn(shape, generator=g, dtype=dtype) * math.sqrt(2.0 / fan_out)
        else:
            value = torch.zeros(shape, dtype=dtype)
        params[name] = value.to(device).requires_grad_(True)
    return params
