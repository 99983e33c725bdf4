"""MaxPool2D.indices holds each max's position inside its window (0..PH*PW-1) instead of its
flat position h * W + w in the input plane."""

from ._maxpool import install

DIAGNOSIS = (
    "the index inside its window: indices hold the flat position h * W + w in the whole input "
    "plane"
)



def position_in_window(cache):
    x, pool, stride, arg = cache
    return arg  # the position inside the window, not in the input plane


install(plane_indices=position_in_window)
