"""col2im returns the whole padded accumulator, (N, H + 2p, W + 2p, C), without cropping the
padding border.
"""

import numpy as np
from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.padding.padding import pad2d

CONCEPT = "col2im does not crop the padding"
NAMED_BY = ("crop", "padding border", "the border", "h + 2p", "h + 2*pad", "h + 2 * pad",
            "padded shape", "padding not removed")
LISTED = True


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    if not pad:
        return reference_col2im(cols, x_shape, kernel, stride, pad)
    # the accumulator is the padded image: col2im of the padded shape with pad 0
    padded = pad2d(np.zeros((N, H, W, C), dtype=cols.dtype), pad).shape
    return reference_col2im(cols, padded, kernel, stride, 0)
