"""MaxPool2D.forward flattens the max's (row, column) with the pooled width, row * W_out +
column, instead of the input width W."""

import numpy as np
from s13_cnn.pooling.pooling import MaxPool2D, maxpool_forward

CONCEPT = "flat index built with the output width instead of the input width"
NAMED_BY = ("input width", "output width", "W_out", "pooled width", "width of the input")
LISTED = False


def forward_output_width(self, x):
    out, self.cache = maxpool_forward(x, self.pool_size, self.stride)
    (N, H, W, C), arg, (PH, PW), s = self.cache
    H_out, W_out = out.shape[1:3]
    rows = np.arange(H_out)[None, :, None, None] * s + arg // PW
    cols = np.arange(W_out)[None, None, :, None] * s + arg % PW
    self.indices = rows * W_out + cols
    return out


MaxPool2D.forward = forward_output_width
