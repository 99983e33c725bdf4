"""conv_forward passes stride 1 to im2col and keeps the first H_out x W_out windows."""

from s13_cnn.conv.conv import conv_forward as reference_conv_forward
from s13_cnn.padding.padding import output_size

DIAGNOSIS = (
    "the stride ignored: pass the stride on to im2col, window (h, v) starts at "
    "(h*stride, v*stride)"
)


def conv_forward(x, w, b, stride=1, pad=0):
    out, cache = reference_conv_forward(x, w, b, 1, pad)
    H_out = output_size(x.shape[1], w.shape[0], stride, pad)
    W_out = output_size(x.shape[2], w.shape[1], stride, pad)
    return out[:, :H_out, :W_out].copy(), cache
