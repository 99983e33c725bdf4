"""output_size divides with / and returns a float, with a fraction when the windows do not
fit evenly."""

DIAGNOSIS = (
    "float division (/) instead of floor division (//): the size is the int "
    "floor((size + 2*pad - kernel) / stride) + 1"
)


def output_size(size, kernel, stride=1, pad=0):
    if stride < 1 or kernel < 1 or pad < 0 or kernel > size + 2 * pad:
        raise ValueError("output_size: no window fits")
    return (size + 2 * pad - kernel) / stride + 1
