"""receptive_field multiplies the jump by the stride before growing the size and moving the
start, so each layer uses its own jump instead of the jump of the layer below.
"""

MODULE = "exercises/receptive_field.py"
CONCEPT = "jump updated before size and start (update order)"
NAMED_BY = ("jump of the layer below", "layer below", "before the size", "update order",
            "order of the updates", "previous jump", "jump first")
LISTED = False


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        jump *= stride
        size += (kernel - 1) * jump
        start += ((kernel - 1) / 2 - pad) * jump
    return size, jump, float(start)
