"""sgd_step adds the gradient: p += lr * p.grad, a step uphill."""

import torch

DIAGNOSIS = "the step's sign flipped: gradient descent is p -= lr * p.grad"


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params.values():
            if p.grad is not None:
                p += lr * p.grad
                p.grad = None
