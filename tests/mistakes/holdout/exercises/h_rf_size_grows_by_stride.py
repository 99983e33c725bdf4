"""receptive_field grows the size by (k - 1) * stride, the layer's own stride, instead of
(k - 1) * jump, the spacing of the units below."""

MODULE = "exercises/receptive_field.py"
CONCEPT = "size grown with the stride instead of the jump"
NAMED_BY = (
    "stride instead of",
    "instead of the jump",
    "(k - 1) * jump",
    "times the jump",
    "times jump",
    "uses the stride",
    "the jump, not",
)
LISTED = False


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * stride
        start += ((kernel - 1) / 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
