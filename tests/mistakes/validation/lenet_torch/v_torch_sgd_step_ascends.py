"""sgd_step adds the gradient, p += lr * p.grad, climbing the loss instead of descending it."""

import torch

CONCEPT = "SGD step with the wrong sign (gradient ascent)"
NAMED_BY = ("sign", "ascen", "+=", "opposite direction", "uphill", "increases the loss")
LISTED = False


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params.values():
            if p.grad is not None:
                p += lr * p.grad
                p.grad = None
