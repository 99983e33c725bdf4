"""adam_step adds eps under the square root, sqrt(v_hat + eps), instead of after it,
sqrt(v_hat) + eps.
"""

import torch

CONCEPT = "eps inside the square root in Adam's denominator"
NAMED_BY = ("eps", "epsilon", "inside the sqrt", "inside the square root",
            "under the square root", "sqrt(v")
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
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            denom = (v / (1 - b2**t) + eps).sqrt_()
            p.addcdiv_(m, denom, value=-lr / (1 - b1**t))
            p.grad = None
