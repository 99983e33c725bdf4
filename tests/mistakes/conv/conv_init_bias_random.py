"""Conv2D draws its bias like its weights, standard normals times sqrt(2 / fan_in), where
the bias starts at zero."""

import numpy as np
from s13_cnn.conv.conv import Conv2D

DIAGNOSIS = "the bias drawn like the weights: b starts at zeros (out_channels,), only w is random"

reference_init = Conv2D.__init__


def init_with_random_bias(
    self, in_channels, out_channels, kernel_size, stride=1, pad=0, rng=None, dtype=np.float64
):
    rng = np.random.default_rng(rng)
    reference_init(self, in_channels, out_channels, kernel_size, stride, pad, rng, dtype)
    KH, KW = (kernel_size, kernel_size) if np.isscalar(kernel_size) else kernel_size
    scale = np.sqrt(2.0 / (KH * KW * in_channels))
    self.b = (rng.standard_normal(out_channels) * scale).astype(dtype)


Conv2D.__init__ = init_with_random_bias
