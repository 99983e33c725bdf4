"""sgd_step writes p = p - lr * p.grad: a new tensor bound to the loop variable, so the
parameter itself never moves."""

import torch

DIAGNOSIS = (
    "p rebound to a new tensor (p = p - lr * p.grad), so the parameter never moves: update "
    "it in place, p -= lr * p.grad, under torch.no_grad()"
)


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params.values():
            if p.grad is not None:
                p = p - lr * p.grad  # a new tensor; params[name] is the old one
                p.grad = None
