"""col2im crops the padded result with xp[:, :H, :W], from the top-left corner, instead of
xp[:, pad:pad+H, pad:pad+W]: the gradient comes back shifted by pad."""

from s13_cnn.im2col.im2col import col2im as reference_col2im

CONCEPT = "col2im crops from the corner, not from pad: result shifted"
NAMED_BY = ("crop", "shifted", "offset by pad", "pad : pad", "pad:pad", "top-left corner")
LISTED = False


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    if not pad:
        return reference_col2im(cols, x_shape, kernel, stride, pad)
    N, H, W, C = x_shape
    xp = reference_col2im(cols, (N, H + 2 * pad, W + 2 * pad, C), kernel, stride, 0)
    return xp[:, :H, :W, :].copy()
