"""He initialisation uses fan_in = KH*KW, leaving out the input channels, so the weights are
sqrt(C_in) times too large."""

import numpy as np
from s13_cnn.conv.conv import Conv2D

DIAGNOSIS = "He's fan_in without the input channels: fan_in = KH*KW*C_in, std sqrt(2 / fan_in)"


reference_init = Conv2D.__init__


def init_without_channels(self, in_channels, *args, **kwargs):
    reference_init(self, in_channels, *args, **kwargs)
    self.w *= np.sqrt(in_channels)  # fan_in = KH * KW: the input channels left out


Conv2D.__init__ = init_without_channels
