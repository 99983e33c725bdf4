"""same_pad returns kernel // 2 for every kernel, so an even kernel gets a padding instead of a
ValueError.
"""

from s13_cnn.padding.padding import same_pad as reference_same_pad

CONCEPT = "same_pad as k // 2 without rejecting even kernels"
NAMED_BY = ("even kernel", "k // 2", "kernel // 2", "odd kernel", "no symmetric", "(k - 1) // 2")
LISTED = True


def same_pad(kernel):
    if kernel < 1:
        return reference_same_pad(kernel)
    return kernel // 2
