"""prepare scales the pixels to [0, 1] (p / 255) instead of [-0.1, 1.175]."""

import numpy as np

DIAGNOSIS = (
    "pixels scaled to [0, 1]: white is BACKGROUND -0.1 and ink FOREGROUND 1.175, "
    "-0.1 + 1.275 * p / 255"
)


def prepare(images, dtype=np.float64):
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (28, 28) or images.dtype != np.uint8:
        raise ValueError("prepare: expected uint8 (N, 28, 28)")
    scaled = np.pad(images / 255.0, ((0, 0), (2, 2), (2, 2)))
    return scaled[..., None].astype(dtype)
