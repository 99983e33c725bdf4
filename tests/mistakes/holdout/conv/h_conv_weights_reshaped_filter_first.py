"""conv_forward flattens the filters with w.reshape(F, -1).T instead of w.reshape(-1, F),
so the rows of the weight matrix no longer follow the (kh, kw, c) columns of im2col."""

from s13_cnn.conv.conv import conv_forward as reference_conv_forward
from s13_cnn.conv.conv import im2col, output_size

CONCEPT = "w.reshape(F, -1).T instead of w.reshape(-1, F)"
NAMED_BY = (
    "reshape(F",
    "reshape(-1, F)",
    "w.T",
    "weight matrix",
    "flatten the filters",
    "filters flattened",
    "flattened in the wrong order",
)
LISTED = True


def conv_forward(x, w, b, stride=1, pad=0):
    _, cache = reference_conv_forward(x, w, b, stride, pad)
    N, H, W, C = x.shape
    KH, KW, C, F = w.shape
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    cols = im2col(x, (KH, KW), stride, pad)
    out = cols @ w.reshape(F, -1).T + b
    return out.reshape(N, H_out, W_out, F).astype(x.dtype, copy=False), cache
