"""conv_forward_naive adds b[0], the first filter's bias, to every output channel instead of
b[f]."""

from s13_cnn.conv.conv import conv_forward_naive as reference_conv_forward_naive

CONCEPT = "the bias of filter 0 added to every filter (b[0] instead of b[f])"
NAMED_BY = ("b[0]", "first filter's bias", "same bias", "one bias for all", "bias of filter 0",
            "bias of the first", "wrong bias")
LISTED = False


def conv_forward_naive(x, w, b, stride=1, pad=0):
    out = reference_conv_forward_naive(x, w, b, stride, pad)
    return (out - b + b[0]).astype(out.dtype, copy=False)
