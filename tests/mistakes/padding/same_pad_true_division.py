"""same_pad divides with / and returns a float."""

from s13_cnn.padding.padding import same_pad as reference_same_pad

DIAGNOSIS = "float division (/) instead of floor division (//): same_pad returns an int"


def same_pad(kernel):
    reference_same_pad(kernel)  # the same ValueErrors
    return (kernel - 1) / 2
