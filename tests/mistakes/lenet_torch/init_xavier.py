"""init_params draws the weights with Xavier's std sqrt(2 / (fan_in + fan_out)) instead of
He's sqrt(2 / fan_in)."""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import init_params as reference_init_params

DIAGNOSIS = (
    "Xavier's std sqrt(2 / (fan_in + fan_out)) instead of He's sqrt(2 / fan_in), "
    "fan_in = C*KH*KW for a conv weight (F, C, KH, KW) and `in` for a dense one (out, in)"
)


def init_params(seed=0, device="cpu", dtype=torch.float32):
    params = reference_init_params(seed, device, dtype)
    with torch.no_grad():
        for p in params.values():
            if p.ndim > 1:
                fan_in = math.prod(p.shape[1:])
                fan_out = p.shape[0] * math.prod(p.shape[2:])
                p.mul_(math.sqrt(fan_in / (fan_in + fan_out)))
    return params
