"""pad2d always pads with zeros, ignoring the value argument."""

from s13_cnn.padding.padding import pad2d as reference_pad2d

DIAGNOSIS = "the fill value ignored: the border holds `value`, not always zeros"


def pad2d(x, pad, value=0.0):
    return reference_pad2d(x, pad)  # np.zeros(...): the fill value is dropped
