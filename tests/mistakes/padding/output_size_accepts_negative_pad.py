"""output_size never checks the padding: a negative pad shrinks the input silently."""

DIAGNOSIS = "no ValueError for a negative pad: padding must be >= 0 (check it first)"


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or kernel > size + 2 * pad:
        raise ValueError("output_size: no window fits")
    return (size + 2 * pad - kernel) // stride + 1
