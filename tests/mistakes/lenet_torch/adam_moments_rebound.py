"""adam_step computes m = b1 * m + (1 - b1) * g as a new tensor and never stores it back,
so the state's moments stay zero and every step starts them afresh (t is kept)."""

import torch

DIAGNOSIS = (
    "the new moments never stored back in the state (m = b1 * m + ... makes a new tensor): "
    "update them in place (m.mul_(b1).add_(...)) or write state[...] = m"
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
            m = b1 * m + (1 - b1) * g  # new tensors: state keeps the zeros
            v = b2 * v + (1 - b2) * g * g
            p -= lr * (m / (1 - b1**t)) / ((v / (1 - b2**t)).sqrt() + eps)
            p.grad = None
