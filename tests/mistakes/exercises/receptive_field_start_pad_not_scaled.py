"""receptive_field subtracts the padding in the layer's own pixels: start += (kernel - 1) / 2 *
jump - pad, the pad not multiplied by the jump."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the padding subtracted without the jump: a pad of p pixels of the layer below is p * jump "
    "input pixels, start += ((kernel - 1) / 2 - pad) * jump"
)


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += (kernel - 1) / 2 * jump - pad  # pad in the layer's pixels, not the input's
        jump *= stride
    return size, jump, float(start)
