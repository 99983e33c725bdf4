"""same_pad returns kernel - 1, the total padding of both sides (the 'full' padding), instead
of (kernel - 1) // 2 per side.
"""

from s13_cnn.padding.padding import same_pad as reference_same_pad

CONCEPT = "same padding confused with full padding (k - 1 instead of (k - 1) / 2 per side)"
NAMED_BY = ("full", "k - 1", "k-1", "kernel - 1", "per side", "total padding", "halve",
            "half", "twice")
LISTED = False


def same_pad(kernel):
    reference_same_pad(kernel)  # the checks
    return kernel - 1
