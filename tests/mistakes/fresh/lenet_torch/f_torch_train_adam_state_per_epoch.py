"""train starts a new, empty Adam state at every epoch instead of one state for the whole run,
so the moments and the step count restart each epoch.
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

CONCEPT = "Adam state reset every epoch"
NAMED_BY = ("adam state", "one state", "whole run", "state reset",
            "reset every epoch", "new state", "moments", "step count")
LISTED = False


def train(params, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", seed=0,
          device="auto", activation="relu", pool="avg"):
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"train: optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    dev = resolve_device(device)
    with torch.no_grad():
        for name, p in params.items():
            if p.device != dev:
                params[name] = p.detach().to(dev).requires_grad_(True)
    dtype = params["c1.w"].dtype
    X = torch.as_tensor(np.asarray(X) if not torch.is_tensor(X) else X).to(dev, dtype)
    y = torch.as_tensor(np.asarray(y) if not torch.is_tensor(y) else y).to(dev, torch.int64)
    g = torch.Generator().manual_seed(seed)
    history = []
    for epoch in range(1, epochs + 1):
        state: dict = {}  # a fresh Adam state per epoch
        order = torch.randperm(len(X), generator=g).to(dev)
        total, correct = 0.0, 0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            logits = forward(params, X[idx], activation, pool)
            loss = cross_entropy(logits, y[idx])
            loss.backward()
            if optimizer == "adam":
                adam_step(params, state, lr)
            else:
                sgd_step(params, lr)
            total += loss.detach().item() * len(idx)
            correct += int((logits.argmax(dim=1) == y[idx]).sum())
        history.append({"epoch": epoch, "loss": total / len(X), "accuracy": correct / len(X)})
    return history
