"""output_size rounds the number of strides up (ceil), so a last window that runs past the
padded input is counted too.
"""

from s13_cnn.padding.padding import output_size as reference_output_size

CONCEPT = "ceil instead of floor in the output-size formula"
NAMED_BY = ("ceil", "round up", "rounded up", "rounds up", "ceiling", "past the end",
            "partial window")
LISTED = True


def output_size(size, kernel, stride=1, pad=0):
    reference_output_size(size, kernel, stride, pad)  # the checks
    return -(-(size + 2 * pad - kernel) // stride) + 1  # ceil: the leftover cells get a window
