"""conv_backward flips the kernel when it computes dx (remembering that dx is a full
convolution with the rotated kernel) although col2im of dout @ w^T already does that.
"""

from s13_cnn.conv.conv import conv_param_grads
from s13_cnn.im2col.im2col import col2im

CONCEPT = "dx computed with a flipped kernel on top of col2im"
NAMED_BY = ("flip", "rot180", "rotated", "w[::-1", "180")
LISTED = False


def conv_backward(dout, cache):
    x_shape, cols, w, stride, pad = cache
    KH, KW, C, F = w.shape
    dw, db = conv_param_grads(dout, cache)
    dcols = dout.reshape(-1, F) @ w[::-1, ::-1].reshape(-1, F).T
    dx = col2im(dcols, x_shape, (KH, KW), stride, pad)
    return dx.astype(dout.dtype, copy=False), dw, db
