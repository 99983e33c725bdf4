"""prepare maps ink (255) to the background value and white paper (0) to the foreground."""

import numpy as np
from s13_cnn.lenet_paper.lenet_paper import BACKGROUND, FOREGROUND

DIAGNOSIS = (
    "ink and paper swapped: pixel 0 (white paper) becomes BACKGROUND -0.1 and 255 (ink) "
    "FOREGROUND 1.175, BACKGROUND + (FOREGROUND - BACKGROUND) * p / 255"
)


def prepare(images, dtype=np.float64):
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (28, 28) or images.dtype != np.uint8:
        raise ValueError(f"prepare: expected uint8 (N, 28, 28), got {images.dtype} {images.shape}")
    scaled = BACKGROUND + (FOREGROUND - BACKGROUND) * (1 - images / 255.0)
    padded = np.pad(scaled, ((0, 0), (2, 2), (2, 2)), constant_values=BACKGROUND)
    return padded[..., None].astype(dtype)
