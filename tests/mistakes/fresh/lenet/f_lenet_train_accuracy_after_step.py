"""train measures each batch's accuracy with a second forward pass after the optimiser step
instead of on the logits from before it.
"""

import numpy as np
from s13_cnn.lenet.layers import OPTIMIZERS
from s13_cnn.lenet.lenet import softmax_cross_entropy

CONCEPT = "accuracy measured after the step instead of before"
NAMED_BY = ("after the step", "before the step", "before that batch", "second forward",
            "after the update", "before the update")
LISTED = False


def train(model, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", rng=None):
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"train: optimizer must be one of {sorted(OPTIMIZERS)}")
    rng = np.random.default_rng(rng)
    opt = OPTIMIZERS[optimizer](lr=lr)
    history = []
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(X))
        total_loss, correct = 0.0, 0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            logits = model.forward(X[idx])
            loss, dlogits = softmax_cross_entropy(logits, y[idx])
            model.backward(dlogits)
            opt.step(model.params())
            total_loss += loss * len(idx)
            correct += int((model.predict(X[idx]) == y[idx]).sum())  # after the step
        history.append({"epoch": epoch, "loss": total_loss / len(X), "accuracy": correct / len(X)})
    return history
