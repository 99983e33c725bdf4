"""receptive_field multiplies the jump by the layer's stride before it updates size and start,
so a strided layer's own window is measured with the jump of the layer above.
"""

CONCEPT = "jump updated before size and start (order of the updates)"
NAMED_BY = ("order of the updates", "jump of the layer below", "before the jump", "jump first",
            "updated first", "new jump", "old jump")
LISTED = False
MODULE = "exercises/receptive_field.py"


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        jump *= stride  # too early
        size += (kernel - 1) * jump
        start += ((kernel - 1) / 2 - pad) * jump
    return size, jump, float(start)
