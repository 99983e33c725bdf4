"""He initialisation counts the output channels in fan_in (KH*KW*C_out) instead of the
input channels."""

import numpy as np
from s13_cnn.conv.conv import Conv2D

DIAGNOSIS = (
    "He's fan_in counts the output channels: fan_in = KH*KW*C_in, the inputs each output sums over"
)

reference_init = Conv2D.__init__


def init_fan_in_of_outputs(self, in_channels, out_channels, *args, **kwargs):
    reference_init(self, in_channels, out_channels, *args, **kwargs)
    self.w *= np.sqrt(in_channels / out_channels)  # sqrt(2 / (KH*KW*C_out))


Conv2D.__init__ = init_fan_in_of_outputs
