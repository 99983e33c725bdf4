"""im2col steps the rows by the stride but the columns by 1."""

import numpy as np
from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

DIAGNOSIS = (
    "the stride applied to the rows only: window (h_out, w_out) starts at (h_out*stride, "
    "w_out*stride), both axes stepped"
)


def im2col(x, kernel, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    W_out = output_size(W, KW, stride, pad)
    W1 = output_size(W, KW, 1, pad)
    rows = reference_im2col(x, kernel, 1, pad)  # every window at step 1
    H1 = output_size(H, KH, 1, pad)
    H_out = output_size(H, KH, stride, pad)
    six = rows.reshape(N, H1, W1, -1)[:, ::stride][:, :H_out, :W_out]
    return np.ascontiguousarray(six).reshape(N * H_out * W_out, -1)
