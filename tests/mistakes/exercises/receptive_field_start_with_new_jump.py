"""receptive_field updates the size with the old jump but moves the centre after jump *= stride,
with the new one."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the centre moved with the jump after this layer's stride: use the jump of the layer below, "
    "update start before jump *= stride"
)


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        jump *= stride
        start += ((kernel - 1) / 2 - pad) * jump  # after the jump moved on
    return size, jump, float(start)
