"""col2im returns the padded buffer: the padding border is never cropped off."""

import numpy as np
from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.im2col.im2col import kernel_pair

DIAGNOSIS = (
    "the padding not cropped: col2im scatters into the padded (H + 2*pad, W + 2*pad) image, "
    "then returns xp[:, pad:pad + H, pad:pad + W]"
)


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    padded = (N, H + 2 * pad, W + 2 * pad, C)
    if not pad:
        return reference_col2im(cols, x_shape, kernel, stride, pad)
    KH, KW = kernel_pair(kernel)
    return np.asarray(reference_col2im(cols, padded, (KH, KW), stride, 0))
