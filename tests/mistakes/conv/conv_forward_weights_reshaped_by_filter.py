"""conv_forward flattens the kernel with w.reshape(F, -1).T, which mixes (KH, KW, C, F)'s
numbers across filters instead of keeping one column per filter."""

from s13_cnn.conv.conv import conv_forward as reference_conv_forward

DIAGNOSIS = (
    "the kernel flattened with w.reshape(F, -1): a (KH, KW, C, F) kernel keeps F last, "
    "w.reshape(-1, F) gives one column per filter"
)


def conv_forward(x, w, b, stride=1, pad=0):
    KH, KW, C, F = w.shape
    mixed = w.reshape(F, -1).T.reshape(w.shape)  # the numbers of other filters
    return reference_conv_forward(x, mixed, b, stride, pad)
