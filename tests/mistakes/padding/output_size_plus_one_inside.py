"""output_size adds the 1 before dividing: (size + 2*pad - kernel + 1) // stride."""

DIAGNOSIS = (
    "the + 1 inside the division: floor((size + 2*pad - kernel) / stride) + 1 adds it after "
    "dividing by the stride"
)


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or pad < 0 or kernel > size + 2 * pad:
        raise ValueError("output_size: no window fits")
    return (size + 2 * pad - kernel + 1) // stride
