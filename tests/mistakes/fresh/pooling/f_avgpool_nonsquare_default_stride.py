"""avgpool_forward replaces stride=None by PH even for a non-square pool, instead of raising
ValueError.
"""

from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward

CONCEPT = "no ValueError for a non-square pool with stride None"
NAMED_BY = ("non-square", "nonsquare", "not square", "square pool", "stride none",
            "stride=none", "stride is none", "did not raise")
LISTED = False


def avgpool_forward(x, pool=2, stride=None):
    PH, PW = kernel_pair(pool)
    if stride is None:
        stride = PH
    return reference_avgpool_forward(x, pool, stride)
