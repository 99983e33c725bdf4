"""LeNet-5 in PyTorch at a low level: torch.nn.functional and tensors, nothing more.

The same network as part 5 (C1 conv 5x5x6 pad 2, S2 pool, C3 conv 5x5x16, S4 pool, C5
conv 5x5x120, F6 dense 84, F7 dense 10), written with F.conv2d, F.avg_pool2d or
F.max_pool2d and F.linear on parameters you create and update yourself. Autograd
computes the backward pass; the loss and the optimizers are yours. Not allowed here:
torch.nn modules and layers (nn.Module, nn.Conv2d, nn.Linear, nn.Sequential, ...),
torch.optim, F.cross_entropy, F.log_softmax, F.nll_loss (the grader checks the source).

Layouts are torch's: a conv weight is (F, C, KH, KW), a dense weight (out, in).
"""

from __future__ import annotations

import math  # noqa: F401  (you will need these)

import numpy as np  # noqa: F401
import torch
import torch.nn.functional as F

PARAM_SHAPES = {
    "c1.w": (6, 1, 5, 5), "c1.b": (6,),
    "c3.w": (16, 6, 5, 5), "c3.b": (16,),
    "c5.w": (120, 16, 5, 5), "c5.b": (120,),
    "f6.w": (84, 120), "f6.b": (84,),
    "f7.w": (10, 84), "f7.b": (10,),
}
ACTIVATIONS = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}
POOLS = {"avg": F.avg_pool2d, "max": F.max_pool2d}


# GIVEN
def resolve_device(device: str | torch.device = "auto") -> torch.device:
    """"auto" -> cuda when torch sees a GPU, else cpu; anything else as torch.device."""
    if str(device) == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def init_params(seed: int = 0, device="cpu", dtype=torch.float32) -> dict[str, torch.Tensor]:
    """{name: leaf tensor with requires_grad} for the names and shapes of PARAM_SHAPES.

    He-normal weights, std sqrt(2 / fan_in) with fan_in = C*KH*KW for a conv and `in` for
    a dense layer, and zero biases. Draw on the CPU from one generator,
    g = torch.Generator().manual_seed(seed), torch.randn(shape, generator=g, dtype=dtype),
    the weights in PARAM_SHAPES order; then move each tensor to device and make it a leaf
    that requires grad. 61,706 numbers in all.
    """
    # BEGIN SOLUTION
    g = torch.Generator().manual_seed(seed)
    params = {}
    for name, shape in PARAM_SHAPES.items():
        if name.endswith(".w"):
            fan_in = math.prod(shape[1:])
            value = torch.randn(shape, generator=g, dtype=dtype) * math.sqrt(2.0 / fan_in)
        else:
            value = torch.zeros(shape, dtype=dtype)
        params[name] = value.to(device).requires_grad_(True)
    return params
    # END SOLUTION


def forward(params: dict[str, torch.Tensor], x: torch.Tensor, activation: str = "relu",
            pool: str = "avg") -> torch.Tensor:
    """x: (N, 28, 28, 1) NHWC -> logits (N, 10).

    Permute x to NCHW (N, 1, 28, 28) first, cast it to the parameters' dtype and device.
    C1 uses padding=2; pools are 2x2 with stride 2; the activation follows C1, C3, C5 and
    F6. ValueError for an unknown activation or pool, or for x of another shape.
    """
    # BEGIN SOLUTION
    if activation not in ACTIVATIONS:
        raise ValueError(f"forward: activation must be one of {sorted(ACTIVATIONS)}, "
                         f"got {activation!r}")
    if pool not in POOLS:
        raise ValueError(f"forward: pool must be one of {sorted(POOLS)}, got {pool!r}")
    if x.ndim != 4 or tuple(x.shape[1:]) != (28, 28, 1):
        raise ValueError(f"forward: expected x of shape (N, 28, 28, 1), got {tuple(x.shape)}")
    act, pooling = ACTIVATIONS[activation], POOLS[pool]
    p = params
    h = x.permute(0, 3, 1, 2).to(device=p["c1.w"].device, dtype=p["c1.w"].dtype)  # (N, 1, 28, 28)
    h = pooling(act(F.conv2d(h, p["c1.w"], p["c1.b"], padding=2)), 2)      # (N, 6, 14, 14)
    h = pooling(act(F.conv2d(h, p["c3.w"], p["c3.b"])), 2)                 # (N, 16, 5, 5)
    h = act(F.conv2d(h, p["c5.w"], p["c5.b"])).flatten(1)                  # (N, 120)
    h = act(F.linear(h, p["f6.w"], p["f6.b"]))                             # (N, 84)
    return F.linear(h, p["f7.w"], p["f7.b"])                               # (N, 10)
    # END SOLUTION


def cross_entropy(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """logits: (N, K), y: (N,) int64 labels -> the mean loss, a 0-d tensor autograd can
    differentiate: mean over n of logsumexp(logits[n]) - logits[n, y[n]], the log-sum-exp
    written by hand with each row's max subtracted first (no F.cross_entropy, no
    F.log_softmax, no torch.logsumexp)."""
    # BEGIN SOLUTION
    m = logits.max(dim=1, keepdim=True).values.detach()          # (N, 1): exp never overflows
    lse = m.squeeze(1) + torch.log(torch.exp(logits - m).sum(dim=1))    # (N,)
    picked = logits.gather(1, y.long().view(-1, 1)).squeeze(1)          # (N,)
    return (lse - picked).mean()
    # END SOLUTION


def sgd_step(params: dict[str, torch.Tensor], lr: float) -> None:
    """p -= lr * p.grad for every parameter that has a grad, in place under
    torch.no_grad(); then zero the grads (p.grad.zero_() or p.grad = None)."""
    # BEGIN SOLUTION
    with torch.no_grad():
        for p in params.values():
            if p.grad is not None:
                p -= lr * p.grad
                p.grad = None
    # END SOLUTION


def adam_step(params: dict[str, torch.Tensor], state: dict, lr: float,
              betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> None:
    """One Adam step (Kingma & Ba), in place under torch.no_grad(), then zero the grads.

    state: a dict the caller creates empty and passes back every step; keep the step
    count t and, per parameter name, the moments m and v in it (any keys you like).
    t += 1; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
    p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps), as torch.optim.Adam does.
    """
    b1, b2 = betas
    # BEGIN SOLUTION
    state["t"] = t = state.get("t", 0) + 1
    with torch.no_grad():
        for name, p in params.items():
            if p.grad is None:
                continue
            g = p.grad
            m = state.setdefault(f"m.{name}", torch.zeros_like(p))
            v = state.setdefault(f"v.{name}", torch.zeros_like(p))
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            denom = (v / (1 - b2**t)).sqrt_().add_(eps)
            p.addcdiv_(m, denom, value=-lr / (1 - b1**t))
            p.grad = None
    # END SOLUTION


def train(params: dict[str, torch.Tensor], X, y, epochs: int = 1, batch_size: int = 64,
          lr: float = 1e-3, optimizer: str = "adam", seed: int = 0, device="auto",
          activation: str = "relu", pool: str = "avg") -> list[dict]:
    """Mini-batch training of params (moved to device, in place); one dict per epoch:
    epoch, loss (mean over the images), accuracy (train, argmax before each step).

    X: (N, 28, 28, 1) and y: (N,), tensors or arrays. Each epoch visits the images in the
    order torch.randperm(N, generator=g), g = torch.Generator().manual_seed(seed) made
    once. optimizer "adam" (adam_step, one state for the whole run) or "sgd" (sgd_step);
    ValueError for another. device "auto" is resolve_device("auto").
    """
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"train: optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    # BEGIN SOLUTION
    dev = resolve_device(device)
    with torch.no_grad():
        for name, p in params.items():
            if p.device != dev:
                params[name] = p.detach().to(dev).requires_grad_(True)
    dtype = params["c1.w"].dtype
    X = torch.as_tensor(np.asarray(X) if not torch.is_tensor(X) else X).to(dev, dtype)
    y = torch.as_tensor(np.asarray(y) if not torch.is_tensor(y) else y).to(dev, torch.int64)
    g = torch.Generator().manual_seed(seed)
    state: dict = {}
    history = []
    for epoch in range(1, epochs + 1):
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
    # END SOLUTION


def from_numpy(named) -> dict[str, torch.Tensor]:
    """(name, value) pairs of a NumPy LeNet5 (part 5: conv kernels (KH, KW, C, F), dense
    weights (in, out)) -> the same network in this layout: conv kernels (F, C, KH, KW),
    dense weights (out, in), biases as they are; float tensors on the CPU, in the arrays'
    dtype, leaves with requires_grad. Extra items in a pair (a grad) are ignored."""
    # BEGIN SOLUTION
    params = {}
    for name, value, *_ in named:
        a = np.asarray(value)
        if name.endswith(".w") and a.ndim == 4:
            a = a.transpose(3, 2, 0, 1)                   # (KH, KW, C, F) -> (F, C, KH, KW)
        elif name.endswith(".w"):
            a = a.T                                       # (in, out) -> (out, in)
        params[name] = torch.tensor(np.ascontiguousarray(a)).requires_grad_(True)
    return params
    # END SOLUTION
