"""avgpool_backward hands every window entry the whole dout, forgetting to divide it by the
window size PH*PW.
"""

from s13_cnn.pooling.pooling import avgpool_backward as reference_avgpool_backward

CONCEPT = "average-pool gradient not divided by the window size"
NAMED_BY = ("window size", "ph*pw", "ph * pw", "not divided", "division", "divide",
            "4 * expected")
LISTED = True


def avgpool_backward(dout, cache):
    x_shape, (PH, PW), s = cache
    return reference_avgpool_backward(dout * (PH * PW), cache)
