"""sgd_step rebinds p = p - lr * p.grad, a new tensor, so the dict's parameters never change
(the grads are still zeroed)."""

import torch

CONCEPT = "a rebinding update (p = p - lr*g), not in place: the parameters never change"
NAMED_BY = ("in place", "in-place", "rebind", "new tensor", "never change", "unchanged",
            "did not change", "not updated")
LISTED = True


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params.values():
            if p.grad is not None:
                g = p.grad
                p.grad = None
                p = p - lr * g  # a new tensor; the dict still holds the old one
