# GIVEN
"""GIVEN, COMPLETE: run your functions and hand back plain results.

The grader calls your code in another process, and only data crosses between the two
(tensors travel as arrays, their dtype, shape and device named). Some results of this
part live where data cannot follow: in autograd's graph (the gradients), or in a dict
you update in place (the parameters after an optimizer step). These helpers run those
steps next to your code and return what they produced. Use them in your own experiments
too. You don't edit this file.
"""

from __future__ import annotations

import torch

from .lenet_torch import adam_step, cross_entropy, forward, init_params, sgd_step, train


def _leaves(params: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {name: p.detach().clone().requires_grad_(True) for name, p in params.items()}


def autograd_gradients(params, x, dlogits, activation: str = "relu", pool: str = "avg"):
    """(logits, {name: gradient}) of L = sum(forward(params, x) * dlogits), by autograd."""
    params = _leaves(params)
    logits = forward(params, x, activation, pool)
    (logits * dlogits.to(logits.device, logits.dtype)).sum().backward()
    return logits.detach(), {name: p.grad for name, p in params.items()}


def loss_and_gradient(logits, y):
    """(cross_entropy(logits, y) as a float, d loss / d logits by autograd)."""
    logits = logits.detach().clone().requires_grad_(True)
    loss = cross_entropy(logits, y)
    loss.backward()
    return loss.detach().item(), logits.grad


def optimizer_run(params, grads, optimizer: str, lr: float, **options):
    """Sets each parameter's .grad to grads[k][name] and takes step k, for every k.

    -> (values, left): values[k] the parameters after step k; left[k] {name: what .grad
    holds after step k, None or a tensor}. optimizer "sgd" (sgd_step) or "adam"
    (adam_step, one state dict for the whole run; options: betas, eps).
    """
    params = _leaves(params)
    state: dict = {}
    values, left = [], []
    for step in grads:
        for name, p in params.items():
            p.grad = step[name].to(p.device, p.dtype).clone()
        if optimizer == "sgd":
            sgd_step(params, lr)
        else:
            adam_step(params, state, lr, **options)
        values.append({name: p.detach().clone() for name, p in params.items()})
        left.append({name: None if p.grad is None else p.grad.clone()
                     for name, p in params.items()})
    return values, left


def fit_and_predict(X, y, X_test, seed: int = 0, **options):
    """init_params(seed), train(params, X, y, seed=seed, **options), then the argmax of
    forward on X_test (in batches of 1,000) -> (history, predicted labels)."""
    params = init_params(seed)
    history = train(params, X, y, seed=seed, **options)
    activation, pool = options.get("activation", "relu"), options.get("pool", "avg")
    device = params["c1.w"].device
    X_test = torch.as_tensor(X_test)
    with torch.no_grad():
        labels = [forward(params, X_test[i : i + 1000].to(device), activation, pool).argmax(1)
                  for i in range(0, len(X_test), 1000)]
    return history, torch.cat(labels).cpu()
