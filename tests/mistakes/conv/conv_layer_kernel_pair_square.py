"""Conv2D reads a kernel pair (KH, KW) as a square KH x KH kernel: the width is dropped."""

import numpy as np
from s13_cnn.conv.conv import Conv2D

DIAGNOSIS = (
    "a kernel pair read as a square kernel: kernel_size (KH, KW) gives w of shape "
    "(KH, KW, C_in, C_out), KH rows and KW columns"
)

reference_init = Conv2D.__init__


def init_square(self, in_channels, out_channels, kernel_size, *args, **kwargs):
    k = kernel_size if np.isscalar(kernel_size) else kernel_size[0]
    reference_init(self, in_channels, out_channels, k, *args, **kwargs)


Conv2D.__init__ = init_square
