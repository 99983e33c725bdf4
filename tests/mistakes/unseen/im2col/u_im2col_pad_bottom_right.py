"""im2col pads 2*pad cells on the bottom and right only, instead of pad cells on each side."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.im2col.im2col import pad2d

CONCEPT = "padding put all on one side (bottom/right) instead of pad on every side"
NAMED_BY = ("one side", "bottom and right", "each side", "both sides", "top and left",
            "symmetric", "shifted by the padding")
LISTED = False


def im2col(x, kernel, stride=1, pad=0):
    if not pad:
        return reference_im2col(x, kernel, stride, 0)
    xp = pad2d(x, ((0, 2 * pad), (0, 2 * pad)))
    return reference_im2col(xp, kernel, stride, 0)
