"""prepare adds the 4-pixel border all below and to the right, ((0, 4), (0, 4)), instead of 2
pixels on each side, so the digit sits in the top-left corner."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import BACKGROUND, FOREGROUND

CONCEPT = "digit not centred: the 4-pixel border put on one side instead of 2 on each"
NAMED_BY = ("centre", "center", "middle", "(2, 2)", "off-centre", "shifted", "2-pixel",
            "each side")
LISTED = False


def prepare(images, dtype=np.float64):
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (28, 28) or images.dtype != np.uint8:
        raise ValueError(f"prepare: expected uint8 (N, 28, 28), got {images.dtype} {images.shape}")
    scaled = BACKGROUND + (FOREGROUND - BACKGROUND) * (images / 255.0)
    padded = np.pad(scaled, ((0, 0), (0, 4), (0, 4)), constant_values=BACKGROUND)
    return padded[..., None].astype(dtype)
