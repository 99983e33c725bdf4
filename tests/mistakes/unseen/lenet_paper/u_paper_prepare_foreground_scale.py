"""prepare maps a pixel p to -0.1 + 1.175 * p / 255, scaling by the ink value instead of by the
range 1.175 - (-0.1), so ink comes out 1.075.
"""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import BACKGROUND, FOREGROUND
from s13_cnn.lenet_paper.lenet_paper import prepare as reference_prepare

CONCEPT = "pixel scale uses the ink value, not FOREGROUND - BACKGROUND (1.275)"
NAMED_BY = ("1.275", "foreground - background", "1.175", "1.075", "ink value", "pixel scale")
LISTED = False


def prepare(images, dtype=np.float64):
    reference_prepare(images, dtype)  # its ValueErrors
    scaled = BACKGROUND + FOREGROUND * (np.asarray(images) / 255.0)
    padded = np.pad(scaled, ((0, 0), (2, 2), (2, 2)), constant_values=BACKGROUND)
    return padded[..., None].astype(dtype)
