"""conv_backward hands col2im a stride of 1, whatever the forward pass used: at stride > 1
dcols holds fewer windows than col2im expects, and it raises."""

from s13_cnn.conv.conv import conv_param_grads
from s13_cnn.im2col.im2col import col2im

DIAGNOSIS = "the stride left out of dx: col2im called with stride 1 (it raises when stride > 1)"


def conv_backward(dout, cache):
    x_shape, cols, w, stride, pad = cache
    KH, KW, C, F = w.shape
    dw, db = conv_param_grads(dout, cache)
    dcols = dout.reshape(-1, F) @ w.reshape(-1, F).T
    dx = col2im(dcols, x_shape, (KH, KW), 1, pad)  # stride forgotten
    return dx.astype(dout.dtype, copy=False), dw, db
