"""sgd_step updates the parameters but never zeroes the grads, so they pile up."""

import torch

DIAGNOSIS = (
    "the grads not zeroed after the step: set p.grad = None (or p.grad.zero_()), or the next "
    "backward adds to the old gradient"
)



def sgd_step(params, lr):
    with torch.no_grad():
        for p in params.values():
            if p.grad is not None:
                p -= lr * p.grad  # and p.grad stays: the next backward adds to it
