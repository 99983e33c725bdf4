"""Average pooling returns each window's sum, never dividing by its size."""

from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward

DIAGNOSIS = "the window sum, not its mean: divide by the window size PH*PW"


def avgpool_forward(x, pool=2, stride=None):
    out, cache = reference_avgpool_forward(x, pool, stride)
    PH, PW = kernel_pair(pool)
    return out * (PH * PW), cache
