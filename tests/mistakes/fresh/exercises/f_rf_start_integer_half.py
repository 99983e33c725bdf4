"""receptive_field moves the start by (kernel - 1) // 2 with integer division, so an even
kernel's centre lands on a pixel instead of between two.
"""

CONCEPT = "integer division for the centre offset (even kernels lose the half pixel)"
NAMED_BY = ("fraction", "//", "integer division", "even kernel",
            "floor", "half pixel", "(k - 1) / 2")
LISTED = False
MODULE = "exercises/receptive_field.py"


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += ((kernel - 1) // 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
