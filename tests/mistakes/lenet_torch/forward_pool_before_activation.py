"""forward pools C1 and C3 before their activation: act(pool(conv)) instead of
pool(act(conv))."""

import torch.nn.functional as F
from s13_cnn.lenet_torch.lenet_torch import ACTIVATIONS, POOLS

DIAGNOSIS = (
    "pooled before the activation: each conv is followed by its activation, then the pool, "
    "pool(act(conv(h)))"
)


def forward(params, x, activation="relu", pool="avg"):
    if activation not in ACTIVATIONS or pool not in POOLS:
        raise ValueError(f"forward: bad activation {activation!r} or pool {pool!r}")
    if x.ndim != 4 or tuple(x.shape[1:]) != (28, 28, 1):
        raise ValueError(f"forward: expected (N, 28, 28, 1), got {tuple(x.shape)}")
    act, pooling, p = ACTIVATIONS[activation], POOLS[pool], params
    h = x.permute(0, 3, 1, 2).to(device=p["c1.w"].device, dtype=p["c1.w"].dtype)
    h = act(pooling(F.conv2d(h, p["c1.w"], p["c1.b"], padding=2), 2))
    h = act(pooling(F.conv2d(h, p["c3.w"], p["c3.b"]), 2))
    h = act(F.conv2d(h, p["c5.w"], p["c5.b"])).flatten(1)
    h = act(F.linear(h, p["f6.w"], p["f6.b"]))
    return F.linear(h, p["f7.w"], p["f7.b"])
