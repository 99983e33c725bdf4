"""receptive_field computes the window's middle with integer division, (kernel - 1) // 2, so an
even kernel's half-pixel centre is rounded down.
"""

MODULE = "exercises/receptive_field.py"
CONCEPT = "integer division for the window centre: fractional starts lost"
NAMED_BY = ("fraction", "integer division", "(k - 1) / 2", "(kernel - 1) / 2", "half pixel",
            "half-pixel", "even kernel")
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
