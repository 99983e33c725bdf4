"""receptive_field moves the start by (k - 1) / 2 * jump only, forgetting that padding
shifts the field left by pad * jump."""

MODULE = "exercises/receptive_field.py"
CONCEPT = "padding left out of the start"
NAMED_BY = (
    "padding",
    "minus pad",
    "- pad",
    "- p)",
    "pad shift",
    "shifted by the pad",
    "shifts the field",
)
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
