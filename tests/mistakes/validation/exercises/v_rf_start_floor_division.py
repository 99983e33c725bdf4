"""receptive_field computes the centre offset with floor division, (kernel - 1) // 2, so an even
kernel's half-pixel centre is lost."""

MODULE = "exercises/receptive_field.py"
CONCEPT = "(k - 1) // 2 instead of (k - 1) / 2: fractional starts floored"
NAMED_BY = ("fraction", "//", "integer division", "floor", "rounded", "truncat", "half-pixel",
            ".5")
LISTED = False


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += ((kernel - 1) // 2 - pad) * jump  # floored: 0 for a 2-pixel window
        jump *= stride
    return size, jump, float(start)
