"""adam_step increments the step count t once per parameter instead of once per step, so
the bias corrections use a t ten times too large."""

import torch

CONCEPT = "Adam's t incremented per parameter, not once per step"
NAMED_BY = (
    "step count",
    "t incremented",
    "once per step",
    "per parameter",
    "step counter",
    "t += 1",
    "counts steps",
    "value of t",
)
LISTED = False


def adam_step(params, state, lr, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    with torch.no_grad():
        for name, p in params.items():
            if p.grad is None:
                continue
            state["t"] = t = state.get("t", 0) + 1
            g = p.grad
            m = state.setdefault(f"m.{name}", torch.zeros_like(p))
            v = state.setdefault(f"v.{name}", torch.zeros_like(p))
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            denom = (v / (1 - b2**t)).sqrt_().add_(eps)
            p.addcdiv_(m, denom, value=-lr / (1 - b1**t))
            p.grad = None
