"""Conv2D scales its He weights with the fan-out KH*KW*out_channels instead of the fan-in
KH*KW*in_channels.
"""

import numpy as np
from s13_cnn.conv.conv import Conv2D

CONCEPT = "He init with fan_out instead of fan_in"
NAMED_BY = ("fan_out", "fan-out", "fan_in", "fan-in", "out_channels", "c_out",
            "kh*kw*c_in")
LISTED = False

reference_conv2d_init = Conv2D.__init__


def init_fan_out(self, in_channels, out_channels, kernel_size, stride=1, pad=0, rng=None,
                 dtype=np.float64):
    reference_conv2d_init(self, in_channels, out_channels, kernel_size, stride, pad, rng, dtype)
    self.w = (self.w * np.sqrt(in_channels / out_channels)).astype(dtype)  # sqrt(2 / fan_out)


Conv2D.__init__ = init_fan_out
