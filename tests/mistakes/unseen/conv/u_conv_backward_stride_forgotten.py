"""conv_backward calls col2im with the default stride of 1, forgetting the stride that the
forward pass used.
"""

from s13_cnn.conv.conv import col2im, conv_param_grads

CONCEPT = "stride forgotten in the backward pass (col2im at stride 1)"
NAMED_BY = ("stride forgotten", "forgot the stride", "stride in backward",
            "stride in the backward", "without the stride", "stride of 1", "stride=1")
LISTED = True


def conv_backward(dout, cache):
    x_shape, cols, w, stride, pad = cache
    KH, KW, C, F = w.shape
    dw, db = conv_param_grads(dout, cache)
    dcols = dout.reshape(-1, F) @ w.reshape(-1, F).T
    dx = col2im(dcols, x_shape, (KH, KW), 1, pad)
    return dx.astype(dout.dtype, copy=False), dw, db
