"""im2col computes H_out with the stride but slices every window at step 1, so with
stride > 1 it reads overlapping windows from the top-left corner."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

DIAGNOSIS = (
    "the stride ignored: window (h_out, w_out) starts at (h_out*stride, w_out*stride); step "
    "your slices by the stride"
)


def im2col(x, kernel, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    every_window = reference_im2col(x, kernel, 1, pad)  # the windows at step 1...
    H1, W1 = output_size(H, KH, 1, pad), output_size(W, KW, 1, pad)
    first = every_window.reshape(N, H1, W1, -1)[:, :H_out, :W_out]  # ...the first H_out x W_out
    return first.reshape(N * H_out * W_out, -1)
