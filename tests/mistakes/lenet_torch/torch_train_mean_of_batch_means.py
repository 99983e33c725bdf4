"""train reports an epoch's loss as the mean of its batch losses, so a short last batch
weighs as much as a full one."""

import numpy as np
import torch
from s13_cnn.lenet_torch.lenet_torch import adam_step, forward, resolve_device, sgd_step

DIAGNOSIS = (
    "the epoch loss is the mean of the batch losses: weigh each batch by its size, "
    "total += loss.item() * len(idx), then divide by N"
)


def batch_loss(logits, y):  # the loss written inline, as in cross_entropy
    m = logits.max(dim=1, keepdim=True).values.detach()
    lse = m.squeeze(1) + torch.log(torch.exp(logits - m).sum(dim=1))
    return (lse - logits.gather(1, y.long().view(-1, 1)).squeeze(1)).mean()


def train(
    params,
    X,
    y,
    epochs=1,
    batch_size=64,
    lr=1e-3,
    optimizer="adam",
    seed=0,
    device="auto",
    activation="relu",
    pool="avg",
):
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
    for epoch in range(1, epochs + 1):
        order = torch.randperm(len(X), generator=g).to(dev)
        losses, correct = [], 0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            logits = forward(params, X[idx], activation, pool)
            loss = batch_loss(logits, y[idx])
            loss.backward()
            if optimizer == "adam":
                adam_step(params, state, lr)
            else:
                sgd_step(params, lr)
            losses.append(loss.item())
            correct += int((logits.argmax(dim=1) == y[idx]).sum())
        history.append(
            {"epoch": epoch, "loss": sum(losses) / len(losses), "accuracy": correct / len(X)}
        )
    return history
