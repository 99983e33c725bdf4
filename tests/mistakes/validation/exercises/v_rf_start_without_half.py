"""receptive_field moves start by (kernel - 1 - pad) * jump, forgetting to halve kernel - 1 to
reach the middle of the window."""

MODULE = "exercises/receptive_field.py"
CONCEPT = "start shifted by (k - 1) instead of (k - 1) / 2: the centre's half forgotten"
NAMED_BY = ("/ 2", "half", "centre", "center", "middle")
LISTED = False


def receptive_field(layers):
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump
        start += ((kernel - 1) - pad) * jump  # the end of the first window, not its middle
        jump *= stride
    return size, jump, float(start)
