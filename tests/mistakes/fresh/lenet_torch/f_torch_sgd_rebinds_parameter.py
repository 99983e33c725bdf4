"""sgd_step computes p = p - lr * p.grad, which rebinds the loop variable to a new tensor and
never changes the parameter in the dict.
"""

import torch

CONCEPT = "SGD update rebinds p instead of updating in place"
NAMED_BY = ("in place", "in-place", "rebind", "p -=", "new tensor", "never changes",
            "not updated", "unchanged", "sub_")
LISTED = True


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params.values():
            if p.grad is not None:
                g = p.grad
                p.grad = None
                p = p - lr * g  # a new tensor: the dict still holds the old one
