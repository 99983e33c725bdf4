"""The receptive field of a stack of convolution and pooling layers."""

from __future__ import annotations

from collections.abc import Sequence


def receptive_field(layers: Sequence[tuple[int, int, int]]) -> tuple[int, int, float]:
    """layers: (kernel, stride, pad) per layer, input first -> (size, jump, start).

    size: how many input pixels (along one axis) one output unit of the last layer sees;
    jump: the distance, in input pixels, between two neighbouring output units;
    start: the input coordinate of the centre of the first output unit's field (pixel i
    has its centre at i; the value may be fractional, or negative when padding shifts
    the field off the image).
    An empty stack is the input itself: (1, 1, 0.0). ValueError for kernel < 1,
    stride < 1 or pad < 0.
    """
    # BEGIN SOLUTION
    size, jump, start = 1, 1, 0.0
    for kernel, stride, pad in layers:
        if kernel < 1 or stride < 1 or pad < 0:
            raise ValueError(f"receptive_field: bad layer {(kernel, stride, pad)}")
        size += (kernel - 1) * jump  # k windows of the previous units, jump apart
        start += ((kernel - 1) / 2 - pad) * jump  # the centre of the first window
        jump *= stride
    return size, jump, float(start)
    # END SOLUTION
