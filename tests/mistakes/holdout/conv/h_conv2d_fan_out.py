"""Conv2D.__init__ scales the He draw with the fan-out KH*KW*out_channels instead of the
fan-in KH*KW*in_channels."""

import numpy as np
from s13_cnn.conv.conv import Conv2D

CONCEPT = "He scale from the fan-out instead of the fan-in"
NAMED_BY = ("fan_out", "fan-out", "fan out", "output channels", "out_channels")
LISTED = False

reference_init = Conv2D.__init__


def init_with_fan_out(
    self, in_channels, out_channels, kernel_size, stride=1, pad=0, rng=None, dtype=np.float64
):
    reference_init(self, in_channels, out_channels, kernel_size, stride, pad, rng, dtype)
    KH, KW = self.w.shape[:2]
    fan_in, fan_out = KH * KW * in_channels, KH * KW * out_channels
    self.w = (self.w * np.sqrt(fan_in / fan_out)).astype(dtype)
    self.dw = np.zeros_like(self.w)


Conv2D.__init__ = init_with_fan_out
