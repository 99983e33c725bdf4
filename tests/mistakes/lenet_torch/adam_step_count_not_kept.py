"""adam_step keeps the moments but counts every step as the first: t = 1 each call."""

from ._adam import install

DIAGNOSIS = (
    "the step count t not kept: t += 1 in the state dict every step, so the bias corrections "
    "1 - b^t fade"
)


def always_one(state):
    return 1


install(count=always_one)
