"""Average-pool backward copies dout to every window entry without dividing by the window
size PH*PW."""

from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import avgpool_backward as reference_avgpool_backward
from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward

DIAGNOSIS = "dout not divided by the window size PH*PW: each window entry gets dout / (PH*PW)"



def avgpool_forward(x, pool=2, stride=None):
    out, reference_cache = reference_avgpool_forward(x, pool, stride)
    PH, PW = kernel_pair(pool)
    return out, (reference_cache, PH * PW)  # the window size, for the backward below


def avgpool_backward(dout, cache):
    reference_cache, window_size = cache
    return reference_avgpool_backward(dout * window_size, reference_cache)  # not / (PH*PW)
