"""output_size divides with / instead of //, so it returns a float, unfloored when the stride
does not divide the span."""

from s13_cnn.padding.padding import output_size as reference_output_size

CONCEPT = "float division instead of floor division (//): the size is a float"
NAMED_BY = ("//", "floor division", "float division", "integer division")
LISTED = True


def output_size(size, kernel, stride=1, pad=0):
    reference_output_size(size, kernel, stride, pad)  # the same ValueErrors
    return (size + 2 * pad - kernel) / stride + 1
