"""adam_step divides m by sqrt(v) without the bias corrections 1 - b1^t and 1 - b2^t."""

import torch

DIAGNOSIS = "Adam without bias correction: divide m by 1 - b1^t and v by 1 - b2^t, t the step count"



def adam_step(params, state, lr, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    with torch.no_grad():
        for name, p in params.items():
            if p.grad is None:
                continue
            m = state.setdefault(f"m.{name}", torch.zeros_like(p))
            v = state.setdefault(f"v.{name}", torch.zeros_like(p))
            m.mul_(b1).add_(p.grad, alpha=1 - b1)
            v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
            p -= lr * m / (v.sqrt() + eps)
            p.grad = None
