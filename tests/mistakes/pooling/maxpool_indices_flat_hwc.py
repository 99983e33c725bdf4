"""MaxPool2D.indices numbers the max in the flattened (H, W, C) image, channels included."""

import numpy as np

from ._maxpool import _correct_plane_indices, install

DIAGNOSIS = (
    "indices counted in the flattened (H, W, C) image: each channel's plane is numbered on its "
    "own, h * W + w"
)


def flat_in_hwc(cache):
    x, pool, stride, arg = cache
    C = x.shape[3]
    return _correct_plane_indices(cache) * C + np.arange(C)


install(plane_indices=flat_in_hwc)
