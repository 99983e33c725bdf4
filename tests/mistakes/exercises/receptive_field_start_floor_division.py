"""receptive_field moves the centre by (kernel - 1) // 2, losing the half pixel of an even
kernel."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the centre's half pixel lost to floor division: an even kernel's centre is at "
    "(kernel - 1) / 2, a fraction, so use / not //"
)


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += ((kernel - 1) // 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
