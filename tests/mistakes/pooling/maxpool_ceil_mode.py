"""Max pooling keeps a last partial window when the size does not divide (ceil, padding with
-inf) instead of dropping it (floor)."""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import maxpool_forward as reference_maxpool_forward

DIAGNOSIS = (
    "a last partial window kept (ceil): a window that does not fit is dropped (floor), never "
    "padded"
)



def maxpool_forward(x, pool=2, stride=None):
    N, H, W, C = x.shape
    PH, PW = kernel_pair(pool)
    s = PH if stride is None else stride
    # ceil: a last, partial window is kept by padding the bottom/right with -inf
    extra_h, extra_w = (-(H - PH)) % s, (-(W - PW)) % s
    xp = np.pad(x, ((0, 0), (0, extra_h), (0, extra_w), (0, 0)), constant_values=-np.inf)
    return reference_maxpool_forward(xp.astype(x.dtype), pool, stride)
