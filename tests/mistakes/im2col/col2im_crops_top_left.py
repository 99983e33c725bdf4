"""col2im crops the padded buffer at [0:H, 0:W] instead of [pad:pad+H, pad:pad+W], shifting
the gradient by pad pixels."""

from s13_cnn.im2col.im2col import col2im as reference_col2im


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    padded = (N, H + 2 * pad, W + 2 * pad, C)
    xp = reference_col2im(cols, padded, kernel, stride, 0)  # the whole padded buffer
    return xp[:, :H, :W, :].copy()  # crops [0:H], not [pad:pad + H]
