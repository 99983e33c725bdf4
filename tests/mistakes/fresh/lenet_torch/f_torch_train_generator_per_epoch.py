"""train makes the shuffling generator anew at every epoch,
torch.Generator().manual_seed(seed), so every epoch visits the images in the same order.
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

CONCEPT = "generator re-seeded every epoch: the same order each epoch"
NAMED_BY = ("generator", "made once", "same order", "re-seeded",
            "reseeded", "manual_seed", "randperm", "shuffl")
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
    state: dict = {}
    history = []
    for epoch in range(1, epochs + 1):
        g = torch.Generator().manual_seed(seed)  # re-seeded every epoch
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
