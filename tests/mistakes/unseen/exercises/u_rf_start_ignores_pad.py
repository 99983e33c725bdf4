"""receptive_field moves the start to the middle of the first window but forgets that padding
shifts that window left by pad units.
"""

MODULE = "exercises/receptive_field.py"
CONCEPT = "padding ignored in the start (centre) of the field"
NAMED_BY = ("padding", "- p)", "- pad", "shifted left", "shifts the field", "moves the field")
LISTED = False


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += (kernel - 1) / 2 * jump
        jump *= stride
    return size, jump, float(start)
