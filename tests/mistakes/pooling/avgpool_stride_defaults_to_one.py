"""Average pooling defaults the stride to 1 instead of the pool size."""

from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward

DIAGNOSIS = "stride=None taken as 1: stride=None means stride = the pool size"


def avgpool_forward(x, pool=2, stride=None):
    return reference_avgpool_forward(x, pool, 1 if stride is None else stride)
