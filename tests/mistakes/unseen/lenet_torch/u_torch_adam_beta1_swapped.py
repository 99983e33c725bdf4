"""adam_step updates the first moment as m = (1 - b1) m + b1 g, with b1 and 1 - b1 exchanged, so
m follows the newest gradient almost entirely.
"""

import torch

CONCEPT = "first-moment average with b1 and (1 - b1) swapped"
NAMED_BY = ("first moment", "beta1", "b1 m + (1 - b1) g", "(1 - b1)", "swapped",
            "exchanged")
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
            m.mul_(1 - b1).add_(g, alpha=b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            denom = (v / (1 - b2**t)).sqrt_().add_(eps)
            p.addcdiv_(m, denom, value=-lr / (1 - b1**t))
            p.grad = None
