"""Core for Adam mistakes: the contract's adam_step, with hooks that start right.

adam_step is rebound to this one; a mistake replaces a hook with install(...):
- count(state) -> t, the step count after this step (the contract: kept in state, + 1);
- moments(m, v, g, b1, b2) -> (m, v), the new moments (in place or new tensors);
- step(p, m, v, t, lr, b1, b2, eps) -> the update to subtract from p;
- zero_grads: False leaves the grads as they are.
"""

import torch


def _count(state):
    state["t"] = state.get("t", 0) + 1
    return state["t"]


def _moments(m, v, g, b1, b2):
    return m.mul_(b1).add_(g, alpha=1 - b1), v.mul_(b2).addcmul_(g, g, value=1 - b2)


def _step(p, m, v, t, lr, b1, b2, eps):
    return lr * (m / (1 - b1**t)) / ((v / (1 - b2**t)).sqrt() + eps)


_HOOKS = {"count": _count, "moments": _moments, "step": _step, "zero_grads": True}


def install(**hooks):
    assert set(hooks) <= set(_HOOKS), f"unknown hooks {set(hooks) - set(_HOOKS)}"
    _HOOKS.update(hooks)


def adam_step(params, state, lr, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    t = _HOOKS["count"](state)
    with torch.no_grad():
        for name, p in params.items():
            if p.grad is None:
                continue
            m = state.setdefault(f"m.{name}", torch.zeros_like(p))
            v = state.setdefault(f"v.{name}", torch.zeros_like(p))
            m, v = _HOOKS["moments"](m, v, p.grad, b1, b2)
            state[f"m.{name}"], state[f"v.{name}"] = m, v
            p -= _HOOKS["step"](p, m, v, t, lr, b1, b2, eps)
            if _HOOKS["zero_grads"]:
                p.grad = None
