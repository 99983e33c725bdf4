"""forward calls F.conv2d for C1 without padding=2, so C1 sees the bare 28x28 image and the maps
shrink until C5 no longer fits.
"""

import torch.nn.functional as F
from s13_cnn.lenet_torch.lenet_torch import ACTIVATIONS, POOLS
from s13_cnn.lenet_torch.lenet_torch import forward as reference_forward

CONCEPT = "padding=2 forgotten in C1"
NAMED_BY = ("padding=2", "padding 2", "pad 2", "pad=2", "without padding", "c1's padding")
LISTED = True


def forward(params, x, activation="relu", pool="avg"):
    if activation not in ACTIVATIONS or pool not in POOLS:
        return reference_forward(params, x, activation, pool)  # its ValueErrors
    if x.ndim != 4 or tuple(x.shape[1:]) != (28, 28, 1):
        return reference_forward(params, x, activation, pool)
    act, pooling = ACTIVATIONS[activation], POOLS[pool]
    p = params
    h = x.permute(0, 3, 1, 2).to(device=p["c1.w"].device, dtype=p["c1.w"].dtype)
    h = pooling(act(F.conv2d(h, p["c1.w"], p["c1.b"])), 2)
    h = pooling(act(F.conv2d(h, p["c3.w"], p["c3.b"])), 2)
    h = act(F.conv2d(h, p["c5.w"], p["c5.b"])).flatten(1)
    h = act(F.linear(h, p["f6.w"], p["f6.b"]))
    return F.linear(h, p["f7.w"], p["f7.b"])
