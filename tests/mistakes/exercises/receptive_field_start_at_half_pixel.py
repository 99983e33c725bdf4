"""receptive_field puts pixel 0's centre at 0.5 (start = 0.5 for the input) instead of 0."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the start begun at 0.5: pixel i has its centre at i, so the input is (1, 1, 0.0)"
)


def receptive_field(layers):
    size, jump, start = 1, 1, 0.5
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += ((kernel - 1) / 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
