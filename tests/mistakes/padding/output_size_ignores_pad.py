"""output_size leaves the padding out of the formula (the check still counts it)."""

DIAGNOSIS = "the padding ignored in the size: floor((size + 2*pad - kernel) / stride) + 1"


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or pad < 0 or kernel > size + 2 * pad:
        raise ValueError("output_size: no window fits")
    return (size - kernel) // stride + 1
