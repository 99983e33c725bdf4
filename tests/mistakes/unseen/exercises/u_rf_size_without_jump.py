"""receptive_field grows the size by kernel - 1 at every layer, forgetting that the units below
are jump pixels apart.
"""

MODULE = "exercises/receptive_field.py"
CONCEPT = "size grown by k - 1 without the jump"
NAMED_BY = ("* jump", "times the jump", "times jump", "(k - 1) * j", "(kernel - 1) * jump",
            "jump pixels apart")
LISTED = False


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += kernel - 1
        start += ((kernel - 1) / 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
