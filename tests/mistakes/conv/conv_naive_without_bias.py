"""conv_forward_naive sums each window times the kernel but never adds the bias b[f]."""

from s13_cnn.conv.conv import conv_forward_naive as reference_conv_forward_naive

DIAGNOSIS = "the naive loops leave out the bias: add b[f] to every output position of filter f"


def conv_forward_naive(x, w, b, stride=1, pad=0):
    return reference_conv_forward_naive(x, w, b * 0, stride, pad)
