"""Pooling with stride None and a non-square pool silently uses PH as the stride."""

from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward
from s13_cnn.pooling.pooling import maxpool_forward as reference_maxpool_forward

DIAGNOSIS = (
    "no ValueError for a non-square pool with stride None: stride=None means stride = the pool "
    "size, which needs a square pool"
)


def maxpool_forward(x, pool=2, stride=None):
    return reference_maxpool_forward(x, pool, kernel_pair(pool)[0] if stride is None else stride)


def avgpool_forward(x, pool=2, stride=None):
    return reference_avgpool_forward(x, pool, kernel_pair(pool)[0] if stride is None else stride)
