"""adam_step computes t = state.get("t", 0) + 1 but never stores it back, so every call is
step 1 for the bias correction.
"""

import torch

CONCEPT = "Adam's step count t not kept in the state (t = 1 every call)"
NAMED_BY = ("step count", "t reset", "t = 1", "t is reset", "state[\"t\"]", "state['t']",
            "kept across", "not kept", "not stored")
LISTED = True


def adam_step(params, state, lr, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    t = state.get("t", 0) + 1  # never written back
    with torch.no_grad():
        for name, p in params.items():
            if p.grad is None:
                continue
            g = p.grad
            m = state.setdefault(f"m.{name}", torch.zeros_like(p))
            v = state.setdefault(f"v.{name}", torch.zeros_like(p))
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            denom = (v / (1 - b2**t)).sqrt_().add_(eps)
            p.addcdiv_(m, denom, value=-lr / (1 - b1**t))
            p.grad = None
