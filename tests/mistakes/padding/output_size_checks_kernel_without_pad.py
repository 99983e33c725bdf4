"""output_size rejects a kernel larger than the input before padding, so a kernel that fits
the padded input raises ValueError."""

DIAGNOSIS = (
    "a ValueError for a kernel that fits the padded input: compare the kernel with "
    "size + 2*pad, not with size"
)


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or pad < 0 or kernel > size:
        raise ValueError("output_size: kernel larger than the input")
    return (size + 2 * pad - kernel) // stride + 1
