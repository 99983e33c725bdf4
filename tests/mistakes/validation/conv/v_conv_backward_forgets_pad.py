"""conv_backward calls col2im with pad=0, forgetting the forward's padding."""

from s13_cnn.conv.conv import conv_param_grads
from s13_cnn.im2col.im2col import col2im

CONCEPT = "the padding forgotten in the backward's col2im"
NAMED_BY = ("ignores the pad", "pad in the backward", "forgot the pad", "forgets the pad",
            "padding ignored", "without the pad", "pad ignored", "padding in the backward")
LISTED = True


def conv_backward(dout, cache):
    x_shape, cols, w, stride, pad = cache
    KH, KW, C, F = w.shape
    dw, db = conv_param_grads(dout, cache)
    dcols = dout.reshape(-1, F) @ w.reshape(-1, F).T
    dx = col2im(dcols, x_shape, (KH, KW), stride, 0)  # pad forgotten
    return dx.astype(dout.dtype, copy=False), dw, db
