"""Conv2D.__init__ draws with std sqrt(1 / fan_in) (LeCun's scale), leaving out He's factor 2
for ReLU."""

import numpy as np
from s13_cnn.conv.conv import Conv2D

CONCEPT = "He's factor 2 left out: std sqrt(1 / fan_in)"
NAMED_BY = (
    "lecun",
    "factor 2",
    "factor of 2",
    "sqrt(1 /",
    "sqrt(1/",
    "1 / fan_in",
    "1/fan_in",
    "sqrt(2) too small",
    "sqrt(2) times",
)
LISTED = False

reference_init = Conv2D.__init__


def init_without_the_2(
    self, in_channels, out_channels, kernel_size, stride=1, pad=0, rng=None, dtype=np.float64
):
    reference_init(self, in_channels, out_channels, kernel_size, stride, pad, rng, dtype)
    self.w = (self.w / np.sqrt(2.0)).astype(dtype)


Conv2D.__init__ = init_without_the_2
