"""forward builds torch.nn.Conv2d layers instead of calling F.conv2d on the parameters."""

import torch
import torch.nn as nn
from s13_cnn.lenet_torch.lenet_torch import forward as reference_forward


def forward(params, x, activation="relu", pool="avg"):
    conv = nn.Conv2d(1, 6, 5, padding=2)  # a layer object: what this part forbids
    with torch.no_grad():
        conv.weight.copy_(params["c1.w"])
    return reference_forward(params, x, activation, pool)
