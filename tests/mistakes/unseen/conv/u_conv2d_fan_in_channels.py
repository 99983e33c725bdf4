"""Conv2D scales its He weights with fan_in = in_channels, leaving out the KH*KW positions of
the window.
"""

import numpy as np
from s13_cnn.conv.conv import Conv2D

CONCEPT = "He init with fan_in = C_in instead of KH*KW*C_in"
NAMED_BY = ("fan_in", "fan-in", "kh*kw*c_in", "kh*kw*c", "in_channels", "he scale",
            "too large")
LISTED = True

reference_conv2d_init = Conv2D.__init__


def init_fan_in_channels(self, in_channels, out_channels, kernel_size, stride=1, pad=0,
                         rng=None, dtype=np.float64):
    reference_conv2d_init(self, in_channels, out_channels, kernel_size, stride, pad, rng, dtype)
    KH, KW = self.w.shape[:2]
    self.w = (self.w * np.sqrt(KH * KW)).astype(dtype)  # sqrt(2 / C_in), not sqrt(2 / fan_in)


Conv2D.__init__ = init_fan_in_channels
