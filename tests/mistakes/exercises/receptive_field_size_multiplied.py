"""receptive_field multiplies the size by each kernel instead of adding (kernel - 1) * jump."""

MODULE = "exercises/receptive_field.py"
DIAGNOSIS = (
    "the size multiplied by the kernel: windows overlap, so each layer adds (kernel - 1) * jump "
    "input pixels, size += (kernel - 1) * jump"
)


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size *= kernel  # as if the windows never overlapped
        start += ((kernel - 1) / 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
