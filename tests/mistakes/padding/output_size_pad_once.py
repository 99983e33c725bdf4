"""output_size adds the padding once, as if only one side were padded: size + pad - kernel."""

DIAGNOSIS = "the padding counted once: it is added on both sides, size + 2*pad"


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or pad < 0 or kernel > size + 2 * pad:
        raise ValueError("output_size: no window fits")
    return (size + pad - kernel) // stride + 1
