"""output_size adds the padding once instead of on both sides: size + pad - kernel.
"""

from s13_cnn.padding.padding import output_size as reference_output_size

CONCEPT = "padding counted on one side only (missing 2 * pad)"
NAMED_BY = ("2*pad", "2 * pad", "2*p", "2 * p", "both sides", "each side", "one side",
            "twice")
LISTED = True


def output_size(size, kernel, stride=1, pad=0):
    reference_output_size(size, kernel, stride, pad)  # the checks
    if kernel > size + pad:
        raise ValueError(f"output_size: kernel {kernel} is larger than the padded input")
    return (size + pad - kernel) // stride + 1
