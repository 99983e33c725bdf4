"""The three sides of bench_lenet.py, each one training step and a predict function:
the reference NumPy LeNet-5 (--impl), the fast one (fastnet/) and PyTorch's.

All start from what they are given (images (N, 28, 28, 1) float32 and labels), train
with Adam at LR on the batches they are handed, and import only what they need, so that
the memory of each can be measured in a process of its own (lenet_rss.py). The two NumPy
sides start from the same weights, the reference's LeNet5(rng=0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LR = 1e-3
PREDICT_BATCH = 500
SIDES = ("reference", "fast", "torch")


@dataclass
class Side:
    """One implementation, ready to train: step(batch indices) -> loss."""

    name: str
    step: Callable[[np.ndarray], float]
    predict: Callable[[np.ndarray], np.ndarray]  # images -> labels
    model: object


def reference_side(impl, x, y, activation: str, pool: str) -> Side:
    model = impl.lenet.LeNet5(activation=activation, pool=pool, rng=0, dtype=np.float32)
    opt = impl.layers.Adam(lr=LR)
    loss_fn = impl.lenet.softmax_cross_entropy

    def step(idx: np.ndarray) -> float:
        logits = model.forward(x[idx])
        loss, dlogits = loss_fn(logits, y[idx])
        model.backward(dlogits)
        opt.step(model.params())
        return loss

    return Side("NumPy", step, lambda xs: model.predict(xs, PREDICT_BATCH), model)


def fast_side(impl, x, y, activation: str, pool: str, threads: int = 1) -> Side:
    from fastnet import FastLeNet5, FlatAdam

    if (activation, pool) != ("tanh", "avg"):
        raise ValueError(f"fastnet has tanh and average pooling only, not {activation}, {pool}")
    reference = impl.lenet.LeNet5(activation, pool, rng=0, dtype=np.float32)
    net = FastLeNet5.like(reference, threads=min(threads, 2))
    opt = FlatAdam(net.params, net.grads, lr=LR)

    def step(idx: np.ndarray) -> float:
        loss = net.train_step(x[idx], y[idx])
        opt.step()
        return loss

    return Side("fast", step, net.predict, net)


def torch_lenet(activation: str, pool: str):
    """The same LeNet-5 in PyTorch, NCHW (torch's native layout on the CPU)."""
    from torch import nn

    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[activation]
    pool_layer = {"avg": nn.AvgPool2d, "max": nn.MaxPool2d}[pool]
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), act(), pool_layer(2),     # C1, S2
        nn.Conv2d(6, 16, 5), act(), pool_layer(2),               # C3, S4
        nn.Conv2d(16, 120, 5), act(), nn.Flatten(),              # C5
        nn.Linear(120, 84), act(), nn.Linear(84, 10),            # F6, F7
    )  # fmt: skip


def torch_side(x, y, activation: str, pool: str, device: str) -> Side:
    """PyTorch on device, from a copy of x in NCHW there (x itself is not kept)."""
    import torch

    model = torch_lenet(activation, pool).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    tx = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2))).to(device)
    ty = torch.from_numpy(y).to(device)

    def step(idx: np.ndarray) -> float:
        tidx = torch.from_numpy(idx).to(device)
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(tx[tidx]), ty[tidx])
        loss.backward()
        opt.step()
        return loss.item()  # waits for the device

    @torch.no_grad()
    def predict(xs: np.ndarray) -> np.ndarray:
        labels = []
        for i in range(0, len(xs), PREDICT_BATCH):
            chunk = np.ascontiguousarray(xs[i : i + PREDICT_BATCH].transpose(0, 3, 1, 2))
            labels.append(model(torch.from_numpy(chunk).to(device)).argmax(dim=1).cpu().numpy())
        return np.concatenate(labels)

    return Side("PyTorch", step, predict, model)


def make_side(name: str, impl, x, y, activation: str, pool: str, device: str = "cpu",
              threads: int = 1) -> Side:  # fmt: skip
    if name == "reference":
        return reference_side(impl, x, y, activation, pool)
    if name == "fast":
        return fast_side(impl, x, y, activation, pool, threads)
    return torch_side(x, y, activation, pool, device)


def batches(n: int, batch_size: int) -> list[np.ndarray]:
    """The epoch's batches of indices: one shuffle, seed 0, the last batch shorter."""
    order = np.random.default_rng(0).permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]
