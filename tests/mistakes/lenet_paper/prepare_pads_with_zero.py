"""prepare pads the 28x28 image to 32x32 with zeros instead of the background value -0.1."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import prepare as reference_prepare

DIAGNOSIS = (
    "padded with 0 instead of the background -0.1: the 2-pixel border is white paper, "
    "BACKGROUND"
)



def prepare(images, dtype=np.float64):
    x = np.array(reference_prepare(images, dtype))
    x[:, :2], x[:, -2:], x[:, :, :2], x[:, :, -2:] = 0, 0, 0, 0
    return x
