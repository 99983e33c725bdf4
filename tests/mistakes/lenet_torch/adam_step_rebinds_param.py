"""adam_step ends with p = p - update: a new tensor bound to the loop variable, so the
parameter never moves (the moments do)."""

import torch

DIAGNOSIS = (
    "p rebound to a new tensor (p = p - update), so the parameter never moves: update it in "
    "place, p -= update (or p.addcdiv_), under torch.no_grad()"
)


def adam_step(params, state, lr, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    state["t"] = t = state.get("t", 0) + 1
    with torch.no_grad():
        for name, p in params.items():
            if p.grad is None:
                continue
            g = p.grad
            m = state.setdefault(f"m.{name}", torch.zeros_like(p))
            v = state.setdefault(f"v.{name}", torch.zeros_like(p))
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            p = p - lr * (m / (1 - b1**t)) / ((v / (1 - b2**t)).sqrt() + eps)
            p.grad = None
