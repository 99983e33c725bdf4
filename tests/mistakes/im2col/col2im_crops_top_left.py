"""col2im crops the padded buffer at [0:H, 0:W] instead of [pad:pad+H, pad:pad+W], shifting
the gradient by pad pixels."""

from s13_cnn.im2col.im2col import col2im as reference_col2im

DIAGNOSIS = (
    "the padding cropped at [0:H, 0:W], not at [pad:pad + H, pad:pad + W]: the padded border is"
    " pad pixels wide on every side, crop it off at both ends"
)


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    padded = (N, H + 2 * pad, W + 2 * pad, C)
    xp = reference_col2im(cols, padded, kernel, stride, 0)  # the whole padded buffer
    return xp[:, :H, :W, :].copy()  # crops [0:H], not [pad:pad + H]
