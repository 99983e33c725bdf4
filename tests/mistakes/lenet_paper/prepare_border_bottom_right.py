"""prepare adds the whole 4-pixel border below and to the right of the image instead of
2 pixels on every side."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import BACKGROUND
from s13_cnn.lenet_paper.lenet_paper import prepare as reference_prepare

DIAGNOSIS = (
    "the border all below and right: the 28x28 image is centred, 2 pixels of BACKGROUND "
    "on every side"
)


def prepare(images, dtype=np.float64):
    x = reference_prepare(images, dtype)
    inner = x[:, 2:-2, 2:-2]
    out = np.full_like(x, BACKGROUND)
    out[:, :28, :28] = inner
    return out
