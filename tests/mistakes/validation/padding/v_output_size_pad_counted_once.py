"""output_size adds the padding once, (size + pad - kernel) // stride + 1, as if only one side
were padded."""

from s13_cnn.padding.padding import output_size as reference_output_size

CONCEPT = "the padding counted on one side only (missing 2 * pad)"
NAMED_BY = ("pad once", "padding once", "counted once", "one side", "without the 2",
            "missing the 2", "forgot the 2", "missing 2*")
LISTED = True


def output_size(size, kernel, stride=1, pad=0):
    reference_output_size(size, kernel, stride, pad)  # the same ValueErrors
    return (size + pad - kernel) // stride + 1
