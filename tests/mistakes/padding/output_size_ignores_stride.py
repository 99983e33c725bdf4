"""output_size counts every offset, as if the stride were 1."""

DIAGNOSIS = "the stride ignored: divide by the stride, floor((size + 2*pad - kernel) / stride) + 1"


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or pad < 0 or kernel > size + 2 * pad:
        raise ValueError("output_size: no window fits")
    return size + 2 * pad - kernel + 1
