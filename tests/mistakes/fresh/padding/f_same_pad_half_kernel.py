"""same_pad returns kernel // 2 for every kernel, so an even kernel gets a padding that grows
the output by one instead of a ValueError.
"""

CONCEPT = "same_pad = k // 2 accepts even kernels"
NAMED_BY = ("k // 2", "k//2", "kernel // 2", "kernel//2", "even kernel", "odd kernel",
            "odd", "even")
LISTED = True


def same_pad(kernel):
    if kernel < 1:
        raise ValueError(f"same_pad: kernel {kernel} < 1")
    return kernel // 2
