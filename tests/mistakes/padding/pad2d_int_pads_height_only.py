"""pad2d turns an int p into ((p, p), (0, 0)): only the rows are padded."""

import numpy as np
from s13_cnn.padding.padding import pad2d as reference_pad2d

DIAGNOSIS = "an int pad applied to H only: pad2d(x, p) pads H and W by p on every side"


def pad2d(x, pad, value=0.0):
    if isinstance(pad, int | np.integer):
        pad = ((pad, pad), (0, 0))
    return reference_pad2d(x, pad, value)
