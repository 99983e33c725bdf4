"""Conv2D draws its weights He-uniform, rng.uniform(-a, a) with a = sqrt(6 / fan_in), instead of
standard normals times sqrt(2 / fan_in): the right std, not the documented draw."""

import numpy as np
from s13_cnn.conv.conv import Conv2D

reference_init = Conv2D.__init__

CONCEPT = "He-uniform draw instead of He-normal (standard_normal times sqrt(2/fan_in))"
NAMED_BY = ("uniform", "standard_normal", "standard normal", "drawn as documented",
            "not drawn as", "draw")
LISTED = False


def init_he_uniform(self, in_channels, out_channels, kernel_size, stride=1, pad=0, rng=None,
                    dtype=np.float64):
    reference_init(self, in_channels, out_channels, kernel_size, stride, pad, 0, dtype)
    KH, KW, C, F = self.w.shape
    bound = np.sqrt(6.0 / (KH * KW * C))
    self.w = np.random.default_rng(rng).uniform(-bound, bound, self.w.shape).astype(dtype)


Conv2D.__init__ = init_he_uniform
