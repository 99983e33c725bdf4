"""train collects list(model.params()) once before the loop, so the optimiser keeps stepping
with the gradient arrays of the first batch, which backward has since replaced.
"""

import numpy as np
from s13_cnn.lenet.lenet import OPTIMIZERS, softmax_cross_entropy

CONCEPT = "params() collected once before the loop: stale gradients"
NAMED_BY = ("params() once", "stale", "after backward", "before the loop", "collected once",
            "current gradients")
LISTED = True


def train(model, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", rng=None):
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"train: unknown optimizer {optimizer!r}")
    rng = np.random.default_rng(rng)
    opt = OPTIMIZERS[optimizer](lr=lr)
    params = list(model.params())
    history = []
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(X))
        total_loss, correct = 0.0, 0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            logits = model.forward(X[idx])
            loss, dlogits = softmax_cross_entropy(logits, y[idx])
            model.backward(dlogits)
            opt.step(params)
            total_loss += loss * len(idx)
            correct += int((logits.argmax(axis=1) == y[idx]).sum())
        history.append({"epoch": epoch, "loss": total_loss / len(X), "accuracy": correct / len(X)})
    return history
