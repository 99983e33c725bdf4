"""receptive_field takes the middle of a window as (k - 1) // 2, an integer division, so an
even kernel's half-pixel centre is lost."""

MODULE = "exercises/receptive_field.py"
CONCEPT = "the window's centre floored: (k - 1) // 2"
NAMED_BY = (
    "fraction",
    "integer division",
    "//",
    "half pixel",
    "half-pixel",
    "even kernel",
    "floor",
)
LISTED = False


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += ((kernel - 1) // 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
