"""receptive_field moves the centre by (kernel - 1) * jump, the whole window, instead of half of
it."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the centre moved by the whole window: the first window's centre is half of it in, "
    "start += ((kernel - 1) / 2 - pad) * jump"
)


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += ((kernel - 1) - pad) * jump  # the /2 forgotten
        jump *= stride
    return size, jump, float(start)
