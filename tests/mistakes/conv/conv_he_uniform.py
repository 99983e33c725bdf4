"""Conv2D draws uniform weights in +-sqrt(2 / fan_in) instead of normals times it."""

import numpy as np
from s13_cnn.conv.conv import Conv2D

DIAGNOSIS = (
    "uniform weights: He initialisation draws standard normals (rng.standard_normal) times "
    "sqrt(2 / fan_in)"
)

reference_init = Conv2D.__init__


def init_uniform(self, in_channels, out_channels, kernel_size, stride=1, pad=0, rng=None,
                 dtype=np.float64):
    reference_init(self, in_channels, out_channels, kernel_size, stride, pad, rng, dtype)
    KH, KW = self.w.shape[:2]
    bound = np.sqrt(2.0 / (KH * KW * in_channels))
    draw = np.random.default_rng(rng).uniform(-bound, bound, self.w.shape)
    self.w = draw.astype(dtype)


Conv2D.__init__ = init_uniform
