"""receptive_field multiplies the jump by the stride before using it, so each layer grows
the field by its own stride instead of the one below."""

DIAGNOSIS = (
    "the jump updated before the size: size += (kernel - 1) * jump uses the jump of the layer "
    "below, then jump *= stride"
)


MODULE = "exercises/receptive_field.py"


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        jump *= stride  # too early: the size needs the old jump
        size += (kernel - 1) * jump
        start += ((kernel - 1) / 2 - pad) * jump
    return size, jump, float(start)
