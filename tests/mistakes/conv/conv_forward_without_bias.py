"""The fast forward pass forgets to add the bias."""

import numpy as np
from s13_cnn.conv.conv import conv_forward as reference_conv_forward

DIAGNOSIS = "bias left out: add b[f] to every output position of filter f"


def conv_forward(x, w, b, stride=1, pad=0):
    return reference_conv_forward(x, w, np.zeros_like(b), stride, pad)  # forgot + b
