"""output_size adds the padding once instead of on both sides (size + pad - kernel)."""

from s13_cnn.padding.padding import output_size as reference_output_size

CONCEPT = "padding counted once, not 2*pad"
NAMED_BY = ("2*pad", "2 * pad", "2*p", "both sides", "each side", "one side", "twice")
LISTED = True


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or pad < 0:
        return reference_output_size(size, kernel, stride, pad)
    if kernel > size + pad:
        raise ValueError(f"output_size: kernel {kernel} is larger than {size} + {pad}")
    return (size + pad - kernel) // stride + 1
