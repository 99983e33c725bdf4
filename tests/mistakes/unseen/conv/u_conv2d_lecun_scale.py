"""Conv2D draws its weights with std sqrt(1 / fan_in), the LeCun scale, dropping He's factor 2
for ReLU.
"""

import numpy as np
from s13_cnn.conv.conv import Conv2D

CONCEPT = "He's factor 2 left out: std sqrt(1/fan_in) instead of sqrt(2/fan_in)"
NAMED_BY = ("lecun", "factor 2", "factor of 2", "sqrt(2", "1 / fan_in", "1/fan_in",
            "too small")
LISTED = False

reference_conv2d_init = Conv2D.__init__


def init_lecun_scale(self, in_channels, out_channels, kernel_size, stride=1, pad=0,
                     rng=None, dtype=np.float64):
    reference_conv2d_init(self, in_channels, out_channels, kernel_size, stride, pad, rng, dtype)
    self.w = (self.w / np.sqrt(2.0)).astype(dtype)


Conv2D.__init__ = init_lecun_scale
