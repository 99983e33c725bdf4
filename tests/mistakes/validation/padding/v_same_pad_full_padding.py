"""same_pad returns kernel - 1, the total padding ('full' padding per side), instead of half
of it."""

from s13_cnn.padding.padding import same_pad as reference_same_pad

CONCEPT = "same_pad gives the total padding k - 1 per side ('full'), not (k - 1) / 2"
NAMED_BY = ("full", "kernel - 1", "k - 1 per side", "total padding", "per side", "halve",
            "half of")
LISTED = False


def same_pad(kernel):
    reference_same_pad(kernel)  # the same ValueError for even kernels
    return kernel - 1
