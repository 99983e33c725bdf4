"""output_size never checks the stride: 0 divides by zero, a negative one gives a nonsense
size."""

DIAGNOSIS = "no ValueError for a stride below 1: a stride must be at least 1 (check it first)"


def output_size(size, kernel, stride=1, pad=0):
    if kernel < 1 or pad < 0 or kernel > size + 2 * pad:
        raise ValueError("output_size: no window fits")
    return (size + 2 * pad - kernel) // stride + 1  # ZeroDivisionError for stride 0
