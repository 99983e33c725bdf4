"""forward always uses average pooling, whatever pool says."""

from s13_cnn.lenet_torch.lenet_torch import POOLS
from s13_cnn.lenet_torch.lenet_torch import forward as reference_forward

DIAGNOSIS = "the pool argument ignored: S2 and S4 are POOLS[pool], max pooling for pool='max'"


def forward(params, x, activation="relu", pool="avg"):
    if pool not in POOLS:
        raise ValueError(f"forward: unknown pool {pool!r}")
    return reference_forward(params, x, activation, "avg")
