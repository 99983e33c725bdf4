"""im2col takes its windows at h + i instead of h*stride + i: the first H_out x W_out windows
of stride 1, whatever the stride."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import kernel_pair
from s13_cnn.padding.padding import output_size

CONCEPT = "window start h + i instead of h*stride + i: the stride ignored in the window offset"
NAMED_BY = ("ignores the stride", "ignored the stride", "stride ignored", "stride is ignored",
            "h*stride", "h * stride", "without the stride")
LISTED = True


def im2col(x, kernel, stride=1, pad=0):
    N, H, W, C = x.shape
    KH, KW = kernel_pair(kernel)
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    every = reference_im2col(x, kernel, 1, pad)  # every stride-1 window
    every = every.reshape(N, H + 2 * pad - KH + 1, W + 2 * pad - KW + 1, KH * KW * C)
    return every[:, :H_out, :W_out].reshape(N * H_out * W_out, KH * KW * C)
