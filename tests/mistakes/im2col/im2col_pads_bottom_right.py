"""im2col pads only the bottom and right, by 2*pad, so every window sits pad pixels up-left."""

from s13_cnn.im2col.im2col import im2col as reference_im2col
from s13_cnn.padding.padding import pad2d

DIAGNOSIS = (
    "the padding on one side only (bottom and right): pad2d(x, pad) puts pad rows and columns "
    "on every side"
)


def im2col(x, kernel, stride=1, pad=0):
    xp = pad2d(x, ((0, 2 * pad), (0, 2 * pad)))
    return reference_im2col(xp, kernel, stride, 0)
