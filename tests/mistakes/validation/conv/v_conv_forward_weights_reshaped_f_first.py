"""conv_forward multiplies by w.reshape(F, -1).T instead of w.reshape(-1, F): the right shape,
the weights scrambled."""

import numpy as np
from s13_cnn.conv.conv import conv_forward as reference_conv_forward

CONCEPT = "w flattened as reshape(F, -1).T instead of reshape(-1, F)"
NAMED_BY = ("reshape(f", "reshape(-1, f)", "w.reshape", "weight layout", "reshaped")
LISTED = True


def conv_forward(x, w, b, stride=1, pad=0):
    KH, KW, C, F = w.shape
    scrambled = np.ascontiguousarray(w.reshape(F, -1).T).reshape(KH, KW, C, F)
    out, _ = reference_conv_forward(x, scrambled, b, stride, pad)
    _, cache = reference_conv_forward(x, w, b, stride, pad)  # the backward stays right
    return out, cache
