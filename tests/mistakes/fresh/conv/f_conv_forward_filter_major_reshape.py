"""conv_forward reshapes the filters with w.reshape(F, -1).T instead of w.reshape(-1, F),
which scrambles the (KH, KW, C, F) weights into the wrong rows and columns.
"""

from s13_cnn.conv.conv import conv_forward as reference_conv_forward
from s13_cnn.im2col.im2col import im2col
from s13_cnn.padding.padding import output_size

CONCEPT = "w.reshape(F, -1) instead of w.reshape(-1, F)"
NAMED_BY = ("reshape(f, -1)", "reshape(-1, f)", "w.reshape", "reshape of w", "reshaped",
            "layout of w", "(kh, kw, c, f)", "filter-major")
LISTED = True


def conv_forward(x, w, b, stride=1, pad=0):
    _, cache = reference_conv_forward(x, w, b, stride, pad)  # the checks and the cache
    N, H, W, C = x.shape
    KH, KW, C, F = w.shape
    H_out, W_out = output_size(H, KH, stride, pad), output_size(W, KW, stride, pad)
    cols = im2col(x, (KH, KW), stride, pad)
    out = cols @ w.reshape(F, -1).T + b
    return out.reshape(N, H_out, W_out, F).astype(x.dtype, copy=False), cache
