"""pad2d reads the pair (ph, pw) the wrong way round: ph pads the width and pw the height."""

import numpy as np
from s13_cnn.padding.padding import pad2d as reference_pad2d

DIAGNOSIS = "(ph, pw) read as (pw, ph): a pair pads H by ph and W by pw (H and W swapped)"


def pad2d(x, pad, value=0.0):
    if not isinstance(pad, int | np.integer) and all(isinstance(v, int | np.integer) for v in pad):
        pad = (pad[1], pad[0])  # reads (ph, pw) as (width, height)
    return reference_pad2d(x, pad, value)
