"""output_size forgets the brackets: size + 2*pad - kernel // stride + 1 divides the kernel
only."""

DIAGNOSIS = (
    "operator precedence: only the kernel is divided by the stride; bracket the whole "
    "(size + 2*pad - kernel) before // stride"
)


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or pad < 0 or kernel > size + 2 * pad:
        raise ValueError("output_size: no window fits")
    return size + 2 * pad - kernel // stride + 1
