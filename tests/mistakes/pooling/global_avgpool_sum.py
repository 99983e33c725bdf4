"""Global average pooling sums over H and W instead of averaging."""

from s13_cnn.pooling.pooling import global_avgpool_forward as reference_global_avgpool_forward

DIAGNOSIS = "summed over H and W, not averaged: divide by H*W"


def global_avgpool_forward(x):
    out, cache = reference_global_avgpool_forward(x)
    return out * (x.shape[1] * x.shape[2]), cache
