"""MaxPool2D.indices are computed column-major, w * H + h, instead of torch's row-major h * W +
w.
"""

import numpy as np
from s13_cnn.pooling.pooling import MaxPool2D, maxpool_forward

CONCEPT = "flat indices in column-major order (w * H + h) instead of h * W + w"
NAMED_BY = ("column-major", "column major", "row-major", "row major", "w * h + h",
            "h * w + w", "flat index")
LISTED = False


def forward_column_major(self, x):
    out, self.cache = maxpool_forward(x, self.pool_size, self.stride)
    (N, H, W, C), arg, (PH, PW), s = self.cache
    H_out, W_out = out.shape[1:3]
    rows = np.arange(H_out)[None, :, None, None] * s + arg // PW
    cols = np.arange(W_out)[None, None, :, None] * s + arg % PW
    self.indices = cols * H + rows
    return out


MaxPool2D.forward = forward_column_major
