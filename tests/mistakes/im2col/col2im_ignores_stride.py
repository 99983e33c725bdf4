"""col2im scatters every window back at step 1 instead of the stride, so strided gradients
pile up in the top-left corner."""

import numpy as np
from s13_cnn.im2col.im2col import col2im as reference_col2im
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

DIAGNOSIS = (
    "the stride ignored: window (h_out, w_out) goes back at (h_out*stride, w_out*stride); step "
    "your slices by the stride"
)


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    KH, KW = kernel_pair(kernel)
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    H1, W1 = output_size(H, KH, 1, pad), output_size(W, KW, 1, pad)
    # the window of output (h, v) goes back to offset (h, v), not (h * stride, v * stride)
    at_step_1 = np.zeros((N, H1, W1, cols.shape[1]), dtype=cols.dtype)
    at_step_1[:, :H_out, :W_out] = cols.reshape(N, H_out, W_out, -1)
    return reference_col2im(at_step_1.reshape(-1, cols.shape[1]), x_shape, kernel, 1, pad)
