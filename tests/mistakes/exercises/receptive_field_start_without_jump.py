"""receptive_field moves the centre by (kernel - 1) / 2 - pad layer units without turning
them into input pixels (no * jump)."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the centre moved in layer units, not input pixels: start += ((kernel - 1) / 2 - pad) "
    "* jump, with the jump before this layer"
)


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += (kernel - 1) / 2 - pad
        jump *= stride
    return size, jump, float(start)
