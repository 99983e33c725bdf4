"""avgpool_forward replaces stride=None by 1 instead of by the pool size, so the default
windows overlap at every pixel."""

from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward

CONCEPT = "stride=None taken as 1 instead of the pool size"
NAMED_BY = (
    "stride=None",
    "stride None",
    "default stride",
    "stride defaults",
    "pool size",
    "every pixel",
)
LISTED = True


def avgpool_forward(x, pool=2, stride=None):
    return reference_avgpool_forward(x, pool, 1 if stride is None else stride)
