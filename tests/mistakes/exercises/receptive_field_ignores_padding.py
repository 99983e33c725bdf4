"""receptive_field leaves the padding out, so the field's centre is never shifted."""

from s13_cnn.exercises.receptive_field import receptive_field as reference_receptive_field

DIAGNOSIS = (
    "the padding left out of the start: each layer moves the centre by ((kernel - 1) / 2 - pad)"
    " * jump"
)


MODULE = "exercises/receptive_field.py"


def receptive_field(layers):
    return reference_receptive_field([(k, s, 0) for k, s, _ in layers])  # pad never moves start
