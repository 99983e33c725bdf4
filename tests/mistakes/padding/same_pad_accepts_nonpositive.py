"""same_pad rejects even kernels but lets 0 and negative kernels through."""

DIAGNOSIS = "no ValueError for a kernel below 1: only odd kernels >= 1 have a 'same' padding"


def same_pad(kernel):
    if kernel % 2 == 0 and kernel > 0:
        raise ValueError("same_pad: even kernel")
    return (kernel - 1) // 2
