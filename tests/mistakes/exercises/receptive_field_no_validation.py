"""receptive_field never checks its layers: no ValueError for kernel < 1, stride < 1 or
pad < 0."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = "no ValueError for a bad layer: kernel < 1, stride < 1 or pad < 0 must raise"


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        size += (kernel - 1) * jump
        start += ((kernel - 1) / 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
