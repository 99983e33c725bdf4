"""conv_forward returns im2col(x) @ w without adding the bias b.
"""

import numpy as np
from s13_cnn.conv.conv import conv_forward as reference_conv_forward

CONCEPT = "bias left out of the fast forward"
NAMED_BY = ("bias", "+ b", "constant per channel", "constant per filter")
LISTED = True


def conv_forward(x, w, b, stride=1, pad=0):
    return reference_conv_forward(x, w, np.zeros_like(b), stride, pad)
