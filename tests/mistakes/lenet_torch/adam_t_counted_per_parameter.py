"""adam_step counts t up once per parameter instead of once per step: with two parameters
the second uses t = 2 on the first step, and t runs ahead of the steps."""

import torch

DIAGNOSIS = (
    "t counted once per parameter: t is the number of steps, t += 1 once per call, "
    "before the loop over the parameters"
)


def adam_step(params, state, lr, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    with torch.no_grad():
        for name, p in params.items():
            if p.grad is None:
                continue
            state["t"] = t = state.get("t", 0) + 1  # inside the loop
            g = p.grad
            m = state.setdefault(f"m.{name}", torch.zeros_like(p))
            v = state.setdefault(f"v.{name}", torch.zeros_like(p))
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            p -= lr * (m / (1 - b1**t)) / ((v / (1 - b2**t)).sqrt() + eps)
            p.grad = None
