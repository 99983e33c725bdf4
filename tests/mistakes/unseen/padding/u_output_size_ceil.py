"""output_size rounds the window count up (ceil), so a window that runs past the far edge is
still counted.
"""

import math

from s13_cnn.padding.padding import output_size as reference_output_size

CONCEPT = "ceil instead of floor in the output-size formula"
NAMED_BY = ("ceil", "round up", "rounded up", "rounds up", "instead of floor", "partial window")
LISTED = False


def output_size(size, kernel, stride=1, pad=0):
    reference_output_size(size, kernel, stride, pad)  # keeps the checks that raise
    return math.ceil((size + 2 * pad - kernel) / stride) + 1
