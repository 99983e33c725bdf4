"""output_size raises when the kernel is exactly as large as the padded input (>= instead of >),
though one window fits.
"""

from s13_cnn.padding.padding import output_size as reference_output_size

CONCEPT = "off-by-one in the no-window check: a kernel equal to the padded input is rejected"
NAMED_BY = ("exactly as large", "equal to the padded", "equals the padded", "fits exactly",
            "exactly fits", "kernel == ", "one window fits")
LISTED = False


def output_size(size, kernel, stride=1, pad=0):
    if kernel >= size + 2 * pad:
        raise ValueError(f"output_size: kernel {kernel} does not fit in {size} + 2*{pad}")
    return reference_output_size(size, kernel, stride, pad)
