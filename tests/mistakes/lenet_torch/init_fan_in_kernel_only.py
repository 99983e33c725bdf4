"""init_params takes a conv's fan_in as KH*KW, leaving out its input channels."""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import init_params as reference_init_params

DIAGNOSIS = (
    "fan_in without the input channels: a conv weight (F, C, KH, KW) has fan_in = C*KH*KW, "
    "std sqrt(2 / fan_in)"
)


def init_params(seed=0, device="cpu", dtype=torch.float32):
    params = reference_init_params(seed, device, dtype)
    with torch.no_grad():
        for p in params.values():
            if p.ndim == 4:
                p.mul_(math.sqrt(p.shape[1]))  # sqrt(2 / (KH*KW)): C times too large a variance
    return params
