"""receptive_field moves the start by (kernel - 1) / 2 * jump only, leaving out the shift of
-pad * jump that the padding causes.
"""

CONCEPT = "padding ignored in the start"
NAMED_BY = ("padding", "- pad", "- p)", "pad * jump",
            "shifts the field", "negative start")
LISTED = False
MODULE = "exercises/receptive_field.py"


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += (kernel - 1) / 2 * jump
        jump *= stride
    return size, jump, float(start)
