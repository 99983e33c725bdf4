"""receptive_field grows the size by the padding too, (kernel - 1 + 2 * pad) * jump."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the padding counted in the size: padding moves the field (start), it does not widen "
    "it, size += (kernel - 1) * jump"
)


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1 + 2 * pad) * jump
        start += ((kernel - 1) / 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
