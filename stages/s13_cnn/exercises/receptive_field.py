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
    raise NotImplementedError(
        "exercises: implement receptive_field (see stages/s13_cnn/exercises/README.md)"
    )
