"""receptive_field moves the centre by kernel / 2 instead of (kernel - 1) / 2."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the centre moved by kernel / 2: a window of k pixels starting at 0 has its centre at "
    "(k - 1) / 2, start += ((kernel - 1) / 2 - pad) * jump"
)


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += (kernel / 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
