"""output_size never checks the kernel: a kernel of 0 counts one window more than pixels."""

DIAGNOSIS = "no ValueError for a kernel below 1: an empty kernel has no windows (check it first)"


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or pad < 0 or kernel > size + 2 * pad:
        raise ValueError("output_size: no window fits")
    return (size + 2 * pad - kernel) // stride + 1
