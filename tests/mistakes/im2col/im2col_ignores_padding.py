"""im2col never pads: it accepts pad but slices the unpadded x, so every padded convolution
loses its border windows."""

from s13_cnn.im2col.im2col import im2col as reference_im2col

DIAGNOSIS = (
    "the padding ignored: pad the input first (pad2d), then cut the windows from the padded one"
)


def im2col(x, kernel, stride=1, pad=0):
    return reference_im2col(x, kernel, stride)  # pad dropped
