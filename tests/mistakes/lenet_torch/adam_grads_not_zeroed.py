"""adam_step updates the parameters but never zeroes the grads."""

from ._adam import install

DIAGNOSIS = (
    "the grads not zeroed after the step: set p.grad = None (or p.grad.zero_()), or the next "
    "backward adds to the old gradient"
)

install(zero_grads=False)
