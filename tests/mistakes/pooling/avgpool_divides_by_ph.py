"""Average pooling divides by PH (the pool's height) where the window holds PH*PW numbers,
forward and backward."""

from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import avgpool_backward as reference_avgpool_backward
from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward

DIAGNOSIS = "divided by PH only: a window holds PH*PW numbers, divide by PH*PW"


def avgpool_forward(x, pool=2, stride=None):
    out, cache = reference_avgpool_forward(x, pool, stride)
    PH, PW = kernel_pair(pool)
    return out * PW, (cache, PW)


def avgpool_backward(dout, cache):
    reference_cache, PW = cache
    return reference_avgpool_backward(dout * PW, reference_cache)
