"""importlib.import_module("torch.optim"): SGD by a dynamic import."""

import importlib


def sgd_step(params, lr):
    optim = importlib.import_module("torch." + "optim")
    live = [p for p in params.values() if p.grad is not None]
    optim.SGD(live, lr=lr).step()
    for p in live:
        p.grad = None
