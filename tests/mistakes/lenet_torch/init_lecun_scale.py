"""init_params scales the normals by sqrt(1 / fan_in) (LeCun) instead of sqrt(2 / fan_in)."""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import init_params as reference_init_params

DIAGNOSIS = "std sqrt(1 / fan_in) (LeCun) instead of He's sqrt(2 / fan_in)"



def init_params(seed=0, device="cpu", dtype=torch.float32):
    params = reference_init_params(seed, device, dtype)
    with torch.no_grad():
        for name, p in params.items():
            if name.endswith(".w"):
                p.mul_(math.sqrt(0.5))
    return params
