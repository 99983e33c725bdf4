"""train visits the images in the same order, 0 to N-1, every epoch instead of shuffling them
with rng.permutation(len(X)).
"""

import numpy as np
from s13_cnn.lenet.layers import OPTIMIZERS
from s13_cnn.lenet.lenet import softmax_cross_entropy

CONCEPT = "no shuffling between epochs"
NAMED_BY = ("shuffl", "permutation", "same order", "in order",
            "rng=0 and", "random order")
LISTED = True


def train(model, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", rng=None):
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"train: optimizer must be one of {sorted(OPTIMIZERS)}")
    rng = np.random.default_rng(rng)
    opt = OPTIMIZERS[optimizer](lr=lr)
    history = []
    for epoch in range(1, epochs + 1):
        order = np.arange(len(X))  # rng made but never used
        total_loss, correct = 0.0, 0
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            logits = model.forward(X[idx])
            loss, dlogits = softmax_cross_entropy(logits, y[idx])
            model.backward(dlogits)
            opt.step(model.params())
            total_loss += loss * len(idx)
            correct += int((logits.argmax(axis=1) == y[idx]).sum())
        history.append({"epoch": epoch, "loss": total_loss / len(X), "accuracy": correct / len(X)})
    return history
