"""sgd_step subtracts the whole gradient, without the learning rate."""

import torch

DIAGNOSIS = "the learning rate left out: p -= lr * p.grad"


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params.values():
            if p.grad is not None:
                p -= p.grad
                p.grad = None
