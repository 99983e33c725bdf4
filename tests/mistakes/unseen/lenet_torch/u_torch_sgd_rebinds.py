"""sgd_step writes p = p - lr * p.grad, which makes a new tensor and leaves the dict's parameter
unchanged.
"""

import torch

CONCEPT = "SGD update rebinds p to a new tensor instead of updating in place"
NAMED_BY = ("in place", "in-place", "rebind", "new tensor", "p -= ", "unchanged")
LISTED = True


def sgd_step(params, lr):
    with torch.no_grad():
        for p in params.values():
            if p.grad is not None:
                p = p - lr * p.grad
                p.grad = None
