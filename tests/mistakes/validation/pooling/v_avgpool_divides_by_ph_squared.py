"""avgpool_forward and avgpool_backward divide by PH * PH, as if every pool were square, instead
of PH * PW."""

from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import avgpool_backward as reference_avgpool_backward
from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward

CONCEPT = "divided by PH*PH instead of PH*PW (wrong for non-square pools)"
NAMED_BY = ("ph*ph", "ph * ph", "ph**2", "non-square", "square pool", "not square")
LISTED = False


def avgpool_forward(x, pool=2, stride=None):
    PH, PW = kernel_pair(pool)
    out, cache = reference_avgpool_forward(x, pool, stride)
    return (out * PW / PH).astype(x.dtype, copy=False), (cache, PH, PW)


def avgpool_backward(dout, cache):
    reference_cache, PH, PW = cache
    dx = reference_avgpool_backward(dout, reference_cache)
    return (dx * PW / PH).astype(dout.dtype, copy=False)
