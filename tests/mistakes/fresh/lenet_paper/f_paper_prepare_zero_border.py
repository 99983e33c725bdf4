"""prepare adds the 2-pixel border with 0 instead of the background value -0.1.
"""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import prepare as reference_prepare

CONCEPT = "border padded with 0 instead of the background -0.1"
NAMED_BY = ("background", "-0.1", "padded with 0", "pad with 0", "padding with 0",
            "border")
LISTED = True


def prepare(images, dtype=np.float64):
    out = reference_prepare(images, dtype)
    out[:, :2] = 0
    out[:, -2:] = 0
    out[:, :, :2] = 0
    out[:, :, -2:] = 0
    return out
