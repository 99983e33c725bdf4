"""receptive_field grows the size by (kernel - 1) * stride, the layer's own stride, instead of
(kernel - 1) * jump, the accumulated jump of the layers below.
"""

CONCEPT = "size grown with the layer's stride instead of the accumulated jump"
NAMED_BY = ("jump", "accumulated", "product of the strides", "(k - 1) * jump",
            "(kernel - 1) * jump", "stride instead")
LISTED = False
MODULE = "exercises/receptive_field.py"


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * stride
        start += ((kernel - 1) / 2 - pad) * jump
        jump *= stride
    return size, jump, float(start)
