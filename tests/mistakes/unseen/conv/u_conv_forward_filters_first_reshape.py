"""conv_forward reshapes the weights as w.reshape(F, -1).T, as if w were laid out filters first,
instead of w.reshape(-1, F).
"""

from s13_cnn.conv.conv import conv_forward as reference_conv_forward
from s13_cnn.conv.conv import im2col, output_size

CONCEPT = "weights reshaped as w.reshape(F, -1).T instead of w.reshape(-1, F)"
NAMED_BY = ("reshape(f", "reshape(-1, f)", "w.reshape", "(f, -1)", "weight layout",
            "filters first")
LISTED = True


def conv_forward(x, w, b, stride=1, pad=0):
    reference_conv_forward(x, w, b, stride, pad)  # its shape checks
    N, H, W, C = x.shape
    KH, KW, C, F = w.shape
    H_out = output_size(H, KH, stride, pad)
    W_out = output_size(W, KW, stride, pad)
    cols = im2col(x, (KH, KW), stride, pad)
    out = cols @ w.reshape(F, -1).T + b
    out = out.reshape(N, H_out, W_out, F).astype(x.dtype, copy=False)
    return out, (x.shape, cols, w, stride, pad)
