"""adam_step accumulates v from |g| instead of g ** 2, so the denominator is the square root of a
mean absolute gradient."""

import torch

CONCEPT = "Adam's second moment from |g| instead of g^2"
NAMED_BY = ("g^2", "g**2", "g ** 2", "squared", "square", "second moment", "g * g")
LISTED = False


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
            v.mul_(b2).add_(g.abs(), alpha=1 - b2)  # |g|, not g^2
            denom = (v / (1 - b2**t)).sqrt_().add_(eps)
            p.addcdiv_(m, denom, value=-lr / (1 - b1**t))
            p.grad = None
