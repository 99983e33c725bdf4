"""Max pooling defaults the stride to 1 (as a convolution does) instead of the pool size."""

from s13_cnn.pooling.pooling import maxpool_forward as reference_maxpool_forward

DIAGNOSIS = "stride=None taken as 1: stride=None means stride = the pool size"



def maxpool_forward(x, pool=2, stride=None):
    if stride is None:
        stride = 1  # "stride defaults to 1", as for a convolution
    return reference_maxpool_forward(x, pool, stride)
