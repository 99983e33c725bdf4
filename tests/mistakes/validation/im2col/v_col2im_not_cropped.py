"""col2im returns the whole padded array, (N, H + 2*pad, W + 2*pad, C), without cropping the
padding border."""

from s13_cnn.im2col.im2col import col2im as reference_col2im

CONCEPT = "col2im does not crop the padding"
NAMED_BY = ("crop", "uncropped", "H + 2", "padded shape", "padding border", "2*pad",
            "2 * pad")
LISTED = True


def col2im(cols, x_shape, kernel, stride=1, pad=0):
    N, H, W, C = x_shape
    # the padded image with no padding has the same windows: nothing is cropped
    return reference_col2im(cols, (N, H + 2 * pad, W + 2 * pad, C), kernel, stride, 0)
