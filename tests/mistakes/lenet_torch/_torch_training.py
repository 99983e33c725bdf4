"""Core for train mistakes: the contract's training loop, with hooks that start right.

train is rebound to this loop; a mistake replaces one hook with install(...):
- shuffle: False visits the images in their own order every epoch;
- state_each_epoch: True starts Adam's state anew every epoch (the generator is kept);
- first_epoch: the number of the first epoch (the contract: 1);
- full_batches_only: True drops a last partial batch;
- epoch_loss(losses, sizes) -> the epoch's loss (the contract: weighted by batch size).
"""

import numpy as np
import torch
from s13_cnn.lenet_torch.lenet_torch import (
    adam_step,
    cross_entropy,
    forward,
    resolve_device,
    sgd_step,
)


def _weighted(losses, sizes):
    return sum(a * b for a, b in zip(losses, sizes, strict=True)) / sum(sizes)


_HOOKS = {"shuffle": True, "state_each_epoch": False, "first_epoch": 1,
          "full_batches_only": False, "epoch_loss": _weighted}


def install(**hooks):
    assert set(hooks) <= set(_HOOKS), f"unknown hooks {set(hooks) - set(_HOOKS)}"
    _HOOKS.update(hooks)


def train(params, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", seed=0,
          device="auto", activation="relu", pool="avg"):
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"train: optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    dev = resolve_device(device)
    for name, p in params.items():
        if p.device != dev:
            params[name] = p.detach().to(dev).requires_grad_(True)
    dtype = params["c1.w"].dtype
    X = torch.as_tensor(np.asarray(X) if not torch.is_tensor(X) else X).to(dev, dtype)
    y = torch.as_tensor(np.asarray(y) if not torch.is_tensor(y) else y).to(dev, torch.int64)
    g = torch.Generator().manual_seed(seed)
    state, history = {}, []
    first = _HOOKS["first_epoch"]
    for epoch in range(first, first + epochs):
        if _HOOKS["state_each_epoch"]:
            state = {}
        if _HOOKS["shuffle"]:
            order = torch.randperm(len(X), generator=g).to(dev)
        else:
            order = torch.arange(len(X), device=dev)
        losses, sizes, correct = [], [], 0
        end = len(X) - batch_size + 1 if _HOOKS["full_batches_only"] else len(X)
        for start in range(0, end, batch_size):
            idx = order[start : start + batch_size]
            logits = forward(params, X[idx], activation, pool)
            loss = cross_entropy(logits, y[idx])
            loss.backward()
            if optimizer == "adam":
                adam_step(params, state, lr)
            else:
                sgd_step(params, lr)
            losses.append(loss.detach().item())
            sizes.append(len(idx))
            correct += int((logits.argmax(dim=1) == y[idx]).sum())
        history.append({"epoch": epoch, "loss": _HOOKS["epoch_loss"](losses, sizes),
                        "accuracy": correct / len(X)})
    return history
