"""prepare maps a pixel p to BACKGROUND + FOREGROUND * p / 255, so ink becomes 1.075 instead
of 1.175 (the range is scaled by FOREGROUND, not FOREGROUND - BACKGROUND).
"""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import BACKGROUND, FOREGROUND
from s13_cnn.lenet_paper.lenet_paper import prepare as reference_prepare

CONCEPT = "pixel scale FOREGROUND instead of FOREGROUND - BACKGROUND"
NAMED_BY = ("foreground - background", "1.275", "scale", "scaling", "1.175", "1.075",
            "ink")
LISTED = False


def prepare(images, dtype=np.float64):
    out = reference_prepare(images, np.float64)
    # the right result is B + (F - B) * p / 255; this one is B + F * p / 255
    p = (out - BACKGROUND) / (FOREGROUND - BACKGROUND)
    return (BACKGROUND + FOREGROUND * p).astype(dtype)
