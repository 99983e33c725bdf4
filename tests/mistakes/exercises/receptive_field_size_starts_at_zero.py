"""receptive_field starts the size at 0 instead of 1 (one input pixel sees itself), so every size
is one short."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the size started at 0: the input itself is a field of one pixel, start from "
    "(size, jump, start) = (1, 1, 0.0)"
)


def receptive_field(layers):
    size, jump, start = 0, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += ((kernel - 1) / 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
