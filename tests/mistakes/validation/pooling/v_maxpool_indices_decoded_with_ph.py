"""MaxPool2D.forward decodes a max's window position k as (k // PH, k % PH) instead of
(k // PW, k % PW), so indices are wrong for non-square pools."""

import numpy as np
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.pooling.pooling import MaxPool2D

reference_forward = MaxPool2D.forward

CONCEPT = "window position decoded with PH instead of PW (non-square pools)"
NAMED_BY = ("// ph", "% ph", "ph instead of pw", "by ph", "non-square")
LISTED = False


def forward_decoding_with_ph(self, x):
    out = reference_forward(self, x)
    W = x.shape[2]
    H_out, W_out = out.shape[1:3]
    PH, PW = kernel_pair(self.pool_size)
    s = PH if self.stride is None else self.stride
    top = np.arange(H_out)[None, :, None, None] * s
    left = np.arange(W_out)[None, None, :, None] * s
    k = (self.indices // W - top) * PW + (self.indices % W - left)  # as the forward stored it
    self.indices = (top + k // PH) * W + (left + k % PH)  # decoded with PH
    return out


MaxPool2D.forward = forward_decoding_with_ph
