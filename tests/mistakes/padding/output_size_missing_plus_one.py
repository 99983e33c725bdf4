"""output_size counts the strides but forgets the first window: no + 1."""

from s13_cnn.padding.padding import output_size as reference_output_size

DIAGNOSIS = (
    "the + 1 is missing: a window starting at 0 counts too, floor((size + 2*pad - kernel) / "
    "stride) + 1"
)


def output_size(size, kernel, stride=1, pad=0):
    return reference_output_size(size, kernel, stride, pad) - 1  # (padded - kernel) // stride
