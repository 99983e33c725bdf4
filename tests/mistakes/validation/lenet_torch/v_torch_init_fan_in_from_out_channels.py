"""init_params computes the He fan-in from the output side, F * KH * KW for a conv and `out` for a
dense layer, instead of C * KH * KW and `in`."""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import PARAM_SHAPES

CONCEPT = "He fan-in taken from the output channels/units (shape[0]) instead of the inputs"
NAMED_BY = ("fan_out", "fan-out", "fan out", "out channels", "output channels", "shape[0]",
            "wrong fan")
LISTED = False


def init_params(seed=0, device="cpu", dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    params = {}
    for name, shape in PARAM_SHAPES.items():
        if name.endswith(".w"):
            fan = shape[0] * math.prod(shape[2:])  # F*KH*KW (conv) or out (dense)
            value = torch.randn(shape, generator=g, dtype=dtype) * math.sqrt(2.0 / fan)
        else:
            value = torch.zeros(shape, dtype=dtype)
        params[name] = value.to(device).requires_grad_(True)
    return params
