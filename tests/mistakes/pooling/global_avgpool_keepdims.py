"""Global average pooling keeps the pooled axes: (N, 1, 1, C) instead of (N, C)."""

from s13_cnn.pooling.pooling import global_avgpool_forward as reference_global_avgpool_forward

DIAGNOSIS = (
    "the pooled axes kept (keepdims): global average pooling returns (N, C), "
    "x.mean(axis=(1, 2))"
)


def global_avgpool_forward(x):
    out, cache = reference_global_avgpool_forward(x)
    return out[:, None, None, :], cache
