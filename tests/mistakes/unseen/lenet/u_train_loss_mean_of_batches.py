"""train reports the epoch loss and accuracy as plain means over the batches, not weighting the
smaller last batch by its size.
"""

import numpy as np
from s13_cnn.lenet.lenet import OPTIMIZERS, softmax_cross_entropy

CONCEPT = "epoch loss averaged over batches, not over images (last batch over-weighted)"
NAMED_BY = ("by its size", "weight each batch", "over the images", "mean over batches",
            "last batch", "smaller batch", "per batch")
LISTED = False


def train(model, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", rng=None):
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"train: unknown optimizer {optimizer!r}")
    rng = np.random.default_rng(rng)
    opt = OPTIMIZERS[optimizer](lr=lr)
    history = []
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(X))
        losses, accuracies = [], []
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            logits = model.forward(X[idx])
            loss, dlogits = softmax_cross_entropy(logits, y[idx])
            model.backward(dlogits)
            opt.step(model.params())
            losses.append(loss)
            accuracies.append(float((logits.argmax(axis=1) == y[idx]).mean()))
        history.append({"epoch": epoch, "loss": float(np.mean(losses)),
                        "accuracy": float(np.mean(accuracies))})
    return history
