"""avgpool_backward hands every entry of a window the whole dout instead of dout / (PH*PW).
"""

from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import avgpool_backward as reference_avgpool_backward

CONCEPT = "average-pool gradient not divided by the window size"
NAMED_BY = ("window size", "ph*pw", "ph * pw", "divid", "/ 4", "4 *", "times too large",
            "missing a division")
LISTED = True


def avgpool_backward(dout, cache):
    x_shape, pool, s = cache
    PH, PW = kernel_pair(pool)
    return (reference_avgpool_backward(dout, cache) * (PH * PW)).astype(dout.dtype)
