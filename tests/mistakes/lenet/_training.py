"""Core for train mistakes: the contract's training loop, with hooks that start right.

train is rebound to this loop; a mistake replaces one hook with install(...):
- seed_each_epoch: True makes the generator anew every epoch (the same order each time);
- optimizer_each_batch: True makes the optimizer anew for every batch (Adam forgets);
- epoch_loss(losses, sizes) -> the epoch's loss (the contract: weighted by batch size);
- accuracy_after_step: True counts the right answers with the weights after the step;
- first_epoch: the number of the first epoch (the contract: 1);
- full_batches_only: True drops a last partial batch;
- labels_in_order: True takes the labels of batch k in X's own order (y not shuffled);
- optimizer_each_epoch: True makes the optimizer anew at every epoch's start;
- params_once: True collects list(model.params()) once, before the loops, and steps on it.
"""

import numpy as np
from s13_cnn.lenet.layers import OPTIMIZERS
from s13_cnn.lenet.lenet import softmax_cross_entropy


def _weighted(losses, sizes):
    return float(np.dot(losses, sizes) / np.sum(sizes))


_HOOKS = {"seed_each_epoch": False, "optimizer_each_batch": False, "epoch_loss": _weighted,
          "accuracy_after_step": False, "first_epoch": 1, "full_batches_only": False,
          "labels_in_order": False, "optimizer_each_epoch": False, "params_once": False}


def install(**hooks):
    assert set(hooks) <= set(_HOOKS), f"unknown hooks {set(hooks) - set(_HOOKS)}"
    _HOOKS.update(hooks)


def train(model, X, y, epochs=1, batch_size=64, lr=1e-3, optimizer="adam", rng=None):
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"train: unknown optimizer {optimizer!r}")
    seed, gen = rng, np.random.default_rng(rng)
    opt = OPTIMIZERS[optimizer](lr=lr)
    history = []
    collected = list(model.params()) if _HOOKS["params_once"] else None
    for epoch in range(_HOOKS["first_epoch"], _HOOKS["first_epoch"] + epochs):
        if _HOOKS["optimizer_each_epoch"]:
            opt = OPTIMIZERS[optimizer](lr=lr)
        if _HOOKS["seed_each_epoch"]:
            gen = np.random.default_rng(seed)
        order = gen.permutation(len(X))
        losses, sizes, correct = [], [], 0
        end = len(X) - batch_size + 1 if _HOOKS["full_batches_only"] else len(X)
        for start in range(0, end, batch_size):
            idx = order[start : start + batch_size]
            labels = y[start : start + batch_size] if _HOOKS["labels_in_order"] else y[idx]
            logits = model.forward(X[idx])
            loss, dlogits = softmax_cross_entropy(logits, labels)
            model.backward(dlogits)
            if _HOOKS["optimizer_each_batch"]:
                opt = OPTIMIZERS[optimizer](lr=lr)
            opt.step(collected if collected is not None else model.params())
            if _HOOKS["accuracy_after_step"]:
                logits = model.forward(X[idx])
            losses.append(loss)
            sizes.append(len(idx))
            correct += int((logits.argmax(axis=1) == labels).sum())
        history.append({"epoch": epoch, "loss": _HOOKS["epoch_loss"](losses, sizes),
                        "accuracy": correct / len(X)})
    return history
