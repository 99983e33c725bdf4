"""conv_forward flattens the kernel channel-first, (c, kh, kw), while im2col's columns run
(kh, kw, c): a product of two different orders."""

from s13_cnn.conv.conv import conv_forward as reference_conv_forward

DIAGNOSIS = (
    "the kernel flattened in (c, kh, kw) order against im2col's (kh, kw, c) columns: "
    "w.reshape(-1, F) keeps the kernel's own (kh, kw, c) order"
)


def conv_forward(x, w, b, stride=1, pad=0):
    KH, KW, C, F = w.shape
    as_rows = w.transpose(2, 0, 1, 3).reshape(-1, F)  # rows in (c, kh, kw) order
    return reference_conv_forward(x, as_rows.reshape(w.shape), b, stride, pad)
