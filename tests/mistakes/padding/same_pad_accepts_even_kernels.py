"""same_pad returns kernel // 2 for every kernel instead of rejecting even kernels."""

from s13_cnn.padding.padding import same_pad as reference_same_pad

DIAGNOSIS = "no ValueError for an even kernel: an even kernel has no symmetric 'same' padding"


def same_pad(kernel):
    if kernel >= 1 and kernel % 2 == 0:
        return kernel // 2  # right for odd kernels; for even ones the output grows by 1
    return reference_same_pad(kernel)
