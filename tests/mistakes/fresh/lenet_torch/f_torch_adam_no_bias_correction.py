"""adam_step steps with the raw moments m / (sqrt(v) + eps), without dividing them by
1 - b1^t and 1 - b2^t.
"""

import torch

CONCEPT = "Adam without bias correction"
NAMED_BY = ("bias correction", "bias-correct", "bias corrected", "1 - b1", "1 - beta1",
            "1 - b2", "m_hat", "m hat", "debias")
LISTED = True


def adam_step(params, state, lr, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    state["t"] = state.get("t", 0) + 1
    with torch.no_grad():
        for name, p in params.items():
            if p.grad is None:
                continue
            g = p.grad
            m = state.setdefault(f"m.{name}", torch.zeros_like(p))
            v = state.setdefault(f"v.{name}", torch.zeros_like(p))
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            p.addcdiv_(m, v.sqrt().add_(eps), value=-lr)
            p.grad = None
