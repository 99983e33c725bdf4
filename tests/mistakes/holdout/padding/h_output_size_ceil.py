"""output_size rounds the window count up (a ceiling division), so a partial window at the
far edge is counted."""

from s13_cnn.padding.padding import output_size as reference_output_size

CONCEPT = "ceil instead of floor in the output size"
NAMED_BY = ("ceil", "round up", "rounds up", "rounded up", "partial window", "leftover")
LISTED = False


def output_size(size, kernel, stride=1, pad=0):
    reference_output_size(size, kernel, stride, pad)  # the same errors
    return -(-(size + 2 * pad - kernel) // stride) + 1
