"""train reports an epoch's loss as the plain mean of its batches' mean losses, so a smaller last
batch weighs as much as a full one."""

import numpy as np
from s13_cnn.lenet.lenet import OPTIMIZERS, softmax_cross_entropy

CONCEPT = "epoch loss = unweighted mean of batch losses, not weighted by batch size"
NAMED_BY = ("weighted", "batch size", "per-image", "per image", "mean of the batch",
            "last batch", "each batch's size")
LISTED = False


def train(model, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", rng=None):
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"train: unknown optimizer {optimizer!r}")
    rng = np.random.default_rng(rng)
    opt = OPTIMIZERS[optimizer](lr=lr)
    history = []
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(X))
        losses, correct = [], 0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            logits = model.forward(X[idx])
            loss, dlogits = softmax_cross_entropy(logits, y[idx])
            model.backward(dlogits)
            opt.step(model.params())
            losses.append(loss)
            correct += int((logits.argmax(axis=1) == y[idx]).sum())
        history.append({"epoch": epoch, "loss": float(np.mean(losses)),
                        "accuracy": correct / len(X)})
    return history
