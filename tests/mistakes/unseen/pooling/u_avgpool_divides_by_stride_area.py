"""avgpool_forward divides each window's sum by stride*stride instead of by the window size
PH*PW.
"""

from s13_cnn.pooling.pooling import avgpool_forward as reference_avgpool_forward

CONCEPT = "average divided by the stride's area instead of the window size"
NAMED_BY = ("window size", "ph*pw", "ph * pw", "stride*stride", "stride * stride",
            "window area", "pool size")
LISTED = False


def avgpool_forward(x, pool=2, stride=None):
    out, cache = reference_avgpool_forward(x, pool, stride)
    x_shape, (PH, PW), s = cache
    return (out * (PH * PW) / (s * s)).astype(x.dtype, copy=False), cache
