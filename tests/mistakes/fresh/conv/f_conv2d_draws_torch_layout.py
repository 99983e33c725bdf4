"""Conv2D draws its weights in torch's (out_channels, in_channels, KH, KW) shape and then
transposes them to (KH, KW, C_in, C_out), so the same seed gives other weights.
"""

import numpy as np
from s13_cnn.conv.conv import Conv2D

CONCEPT = "weights drawn in another shape then transposed: not the documented draw"
NAMED_BY = ("drawn as documented", "drawn in", "draw order", "(c_out, c_in, kh, kw)",
            "(out_channels, in_channels", "same seed", "transposing", "drawn")
LISTED = True


def init_torch_layout(self, in_channels, out_channels, kernel_size, stride=1, pad=0, rng=None,
                      dtype=np.float64):
    rng = np.random.default_rng(rng)
    KH, KW = (kernel_size, kernel_size) if np.isscalar(kernel_size) else kernel_size
    scale = np.sqrt(2.0 / (KH * KW * in_channels))
    w = rng.standard_normal((out_channels, in_channels, KH, KW)) * scale
    self.w = w.transpose(2, 3, 1, 0).astype(dtype)
    self.b = np.zeros(out_channels, dtype=dtype)
    self.dw = np.zeros_like(self.w)
    self.db = np.zeros_like(self.b)
    self.stride, self.pad = stride, pad
    self.input_grad = True
    self.cache = None


Conv2D.__init__ = init_torch_layout
