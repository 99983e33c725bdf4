"""conv_backward computes dcols = dout2 @ w.reshape(F, -1) instead of dout2 @ w.reshape(-1,
F).T: the shapes fit, the layout does not.
"""

from s13_cnn.conv.conv import col2im, conv_param_grads

CONCEPT = "dx with w.reshape(F, -1) instead of the transpose of w.reshape(-1, F)"
NAMED_BY = ("reshape(f", "w.reshape", "(f, -1)", "w2.t", "transpose", "weight layout")
LISTED = False


def conv_backward(dout, cache):
    x_shape, cols, w, stride, pad = cache
    KH, KW, C, F = w.shape
    dw, db = conv_param_grads(dout, cache)
    dcols = dout.reshape(-1, F) @ w.reshape(F, -1)
    dx = col2im(dcols, x_shape, (KH, KW), stride, pad)
    return dx.astype(dout.dtype, copy=False), dw, db
