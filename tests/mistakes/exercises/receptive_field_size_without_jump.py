"""receptive_field grows the size by kernel - 1 at every layer, forgetting the jump."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the size grown without the jump: each layer adds (kernel - 1) * jump, the units below "
    "are jump pixels apart"
)


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += kernel - 1
        start += ((kernel - 1) / 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
