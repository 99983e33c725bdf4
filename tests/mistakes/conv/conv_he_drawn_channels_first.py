"""Conv2D draws its kernel as (C_out, C_in, KH, KW), torch's layout, and transposes it."""

import numpy as np
from s13_cnn.conv.conv import Conv2D

DIAGNOSIS = (
    "the kernel drawn in another shape (torch's (C_out, C_in, KH, KW)) and transposed: draw "
    "standard_normal((KH, KW, C_in, C_out)) so the same seed gives the same weights"
)

reference_init = Conv2D.__init__


def init_channels_first(self, in_channels, out_channels, kernel_size, stride=1, pad=0,
                        rng=None, dtype=np.float64):
    reference_init(self, in_channels, out_channels, kernel_size, stride, pad, rng, dtype)
    KH, KW = self.w.shape[:2]
    scale = np.sqrt(2.0 / (KH * KW * in_channels))
    draw = np.random.default_rng(rng).standard_normal((out_channels, in_channels, KH, KW))
    self.w = (draw.transpose(2, 3, 1, 0) * scale).astype(dtype)


Conv2D.__init__ = init_channels_first
