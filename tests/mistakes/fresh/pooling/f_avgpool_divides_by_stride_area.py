"""avgpool_forward divides each window's sum by stride*stride instead of PH*PW, which is
only the same when the stride equals the pool.
"""

from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward

CONCEPT = "average divided by the stride's area instead of the window's"
NAMED_BY = ("window size", "ph*pw", "ph * pw", "stride*stride", "stride * stride",
            "stride**2", "divid", "pool size")
LISTED = False


def avgpool_forward(x, pool=2, stride=None):
    out, cache = reference_avgpool_forward(x, pool, stride)
    PH, PW = kernel_pair(pool)
    s = PH if stride is None else stride
    return (out * (PH * PW) / (s * s)).astype(x.dtype), cache
