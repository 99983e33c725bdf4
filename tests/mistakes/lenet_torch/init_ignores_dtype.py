"""init_params always makes float32 tensors, whatever dtype it is given."""

import torch
from s13_cnn.lenet_torch.lenet_torch import init_params as reference_init_params

DIAGNOSIS = "the dtype argument ignored: torch.randn(shape, generator=g, dtype=dtype)"


def init_params(seed=0, device="cpu", dtype=torch.float32):
    return reference_init_params(seed, device, torch.float32)
