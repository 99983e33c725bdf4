"""sgd_step updates the parameters but never zeroes their grads, so the next backward adds
onto the old gradient."""

import torch

CONCEPT = "grads not zeroed after the step: they accumulate"
NAMED_BY = (
    "zero the grad",
    "zeroed",
    "zero_()",
    "grad = none",
    "accumulat",
    "sum of all",
    "not reset",
    "grads are not",
)
LISTED = True


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params.values():
            if p.grad is not None:
                p -= lr * p.grad
