"""init_params takes a dense weight's fan_in as shape[0], as for NumPy's (in, out) layout, but
torch's dense weight is (out, in), so F6 and F7 get the scale of their outputs.
"""

import math

import torch
from s13_cnn.lenet_torch.lenet_torch import PARAM_SHAPES

CONCEPT = "dense fan_in read from shape[0] of an (out, in) weight"
NAMED_BY = ("fan_in", "fan-in", "(out, in)", "shape[0]", "shape[1]", "out_features")
LISTED = False


def init_params(seed=0, device="cpu", dtype=torch.float32):
    g = torch.Generator().manual_seed(seed)
    params = {}
    for name, shape in PARAM_SHAPES.items():
        if name.endswith(".w"):
            fan_in = shape[0] if len(shape) == 2 else math.prod(shape[1:])
            value = torch.randn(shape, generator=g, dtype=dtype) * math.sqrt(2.0 / fan_in)
        else:
            value = torch.zeros(shape, dtype=dtype)
        params[name] = value.to(device).requires_grad_(True)
    return params
