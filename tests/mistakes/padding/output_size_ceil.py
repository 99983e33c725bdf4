"""output_size rounds up instead of down, counting a last window that does not fit."""

from s13_cnn.padding.padding import output_size as reference_output_size

DIAGNOSIS = (
    "rounded up (ceil) instead of down: floor((size + 2*pad - kernel) / stride) + 1 drops a last "
    "window that does not fit"
)


def output_size(size, kernel, stride=1, pad=0):
    floor = reference_output_size(size, kernel, stride, pad)
    leftover = (size + 2 * pad - kernel) % stride
    return floor + (leftover > 0)  # ceil: counts a window that runs off the edge
