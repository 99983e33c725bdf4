"""same_pad returns kernel - 1, the total padding, instead of the padding of one side."""

from s13_cnn.padding.padding import same_pad as reference_same_pad

DIAGNOSIS = (
    "kernel - 1 is the padding of both sides together: each side gets (kernel - 1) // 2"
)


def same_pad(kernel):
    reference_same_pad(kernel)  # the same ValueErrors
    return kernel - 1
