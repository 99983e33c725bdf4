"""conv_forward_naive never pads: it slides over x itself and returns the unpadded size."""

from s13_cnn.conv.conv import conv_forward_naive as reference_conv_forward_naive

DIAGNOSIS = "the padding ignored: pad x first (pad2d(x, pad)), then slide the window over it"


def conv_forward_naive(x, w, b, stride=1, pad=0):
    return reference_conv_forward_naive(x, w, b, stride, 0)
