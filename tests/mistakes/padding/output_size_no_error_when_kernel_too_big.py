"""output_size never validates: a kernel larger than the padded input gives 0 or a negative
size instead of a ValueError."""

DIAGNOSIS = (
    "no ValueError when the kernel is larger than the padded input: check kernel <= size + 2*pad "
    "first"
)


def output_size(size, kernel, stride=1, pad=0):
    return (size + 2 * pad - kernel) // stride + 1  # 0 or negative when nothing fits
