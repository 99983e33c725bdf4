"""Probes of part 6, LeNet-5 in low-level PyTorch. torch is imported when a probe runs, so
that the other parts' feedback works without it."""

from __future__ import annotations

import numpy as np

from coursekit.evidence.lenet_cases import LOSSES, MODEL_FEATURES, MODELS, _loss_probe
from coursekit.evidence.subject import Probe, Subject, attempt
from coursekit.strategies import normal_array

SHAPES = {
    "c1.w": (6, 1, 5, 5), "c1.b": (6,), "c3.w": (16, 6, 5, 5), "c3.b": (16,),
    "c5.w": (120, 16, 5, 5), "c5.b": (120,), "f6.w": (84, 120), "f6.b": (84,),
    "f7.w": (10, 84), "f7.b": (10,),
}  # fmt: skip
NAMES = tuple(SHAPES)
LAYOUT = {n: "vector" for n in NAMES}


def _tensors(arrays: dict) -> dict:
    import torch

    return {n: torch.tensor(a).requires_grad_(True) for n, a in arrays.items()}


def torch_weights(seed: int) -> dict:
    """Seeded float64 parameters in torch's layout, He's scale, nonzero biases."""
    found = {}
    for i, (name, shape) in enumerate(SHAPES.items()):
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 10
        found[name] = normal_array(seed + i, shape) * np.sqrt(2.0 / fan_in)
    return found


def _init(impl, probe: Probe) -> dict:
    import torch

    seed, dtype = probe.args
    params = impl.lenet_torch.init_params(seed, dtype=getattr(torch, dtype))
    found = {n: attempt(lambda n=n: params[n]) for n in NAMES}
    found["keys in order"] = attempt(lambda: list(params) == list(NAMES))
    found["requires grad"] = attempt(lambda: all(params[n].requires_grad for n in NAMES))
    found["dtype"] = attempt(lambda: all(params[n].dtype == getattr(torch, dtype)
                                         for n in NAMES))  # fmt: skip
    return found


def _model_inputs(probe: Probe):
    import torch

    activation, pool, n, seed = probe.args
    x = torch.tensor(normal_array(50 + seed, (n, 28, 28, 1)))
    return _tensors(torch_weights(10 * seed)), x, activation, pool


def _forward(impl, probe: Probe) -> dict:
    params, x, activation, pool = _model_inputs(probe)
    return {"logits": impl.lenet_torch.forward(params, x, activation, pool)}


def _gradients(impl, probe: Probe) -> dict:
    import torch

    params, x, activation, pool = _model_inputs(probe)
    dlogits = torch.tensor(normal_array(70 + probe.args[3], (len(x), 10)))
    _, grads = impl.torch_probes.autograd_gradients(params, x, dlogits, activation, pool)
    return {n: attempt(lambda n=n: grads[n]) for n in NAMES}


def _loss(impl, probe: Probe) -> dict:
    import torch

    n, k, scale, seed = probe.args
    rng = np.random.default_rng(seed)
    logits = torch.tensor(rng.standard_normal((n, k)) * scale)
    y = torch.tensor(rng.integers(0, k, n))
    loss, dlogits = impl.torch_probes.loss_and_gradient(logits, y)
    return {"loss": loss, "dlogits": dlogits}


# optimizer runs: (optimizer, lr, steps, options, seed)
RUNS = (("sgd", 0.1, 2, {}, 0), ("sgd", 0.03, 3, {}, 1), ("adam", 0.01, 3, {}, 2),
        ("adam", 0.05, 4, {"betas": (0.5, 0.9), "eps": 1e-3}, 3),
        ("adam", 0.02, 2, {}, 4))  # fmt: skip
STEPS = ("after step 1", "after step 2", "after the last step", "grads zeroed")
CARRIES_STEP = ("look at the state a step keeps for the next one: Adam's step count t and "
                "its moments m and v, kept in `state` across calls, each gradient zeroed "
                "after its step")
CARRIES_EPOCH = ("look at what lives across epochs: one generator made once for the whole "
                 "run, one optimizer state for the whole run, the parameters updated in "
                 "place")


def _run_probe(i, opt, lr, steps, options, seed) -> Probe:
    have = {"several steps": steps > 2, "non-default betas and eps": bool(options),
            "adam": opt == "adam"}
    return Probe(f"o{i}", f"{steps} {opt} steps, lr {lr}" + (f", {options}" if options else ""),
                 frozenset(f for f, y in have.items() if y), (opt, lr, steps, options, seed))


def _optimizer(impl, probe: Probe) -> dict:
    import torch

    opt, lr, steps, options, seed = probe.args
    start = _tensors({"a.w": normal_array(seed, (3, 4)), "a.b": normal_array(seed + 1, (4,))})
    grads = [{n: torch.tensor(normal_array(10 * seed + k + 5 * (n == "a.b"), tuple(p.shape)))
              for n, p in start.items()} for k in range(steps)]  # fmt: skip
    values, left = impl.torch_probes.optimizer_run(start, grads, opt, lr, **options)

    def flat(k):
        return np.concatenate([values[k][n].detach().cpu().double().numpy().ravel()
                               for n in ("a.w", "a.b")])  # fmt: skip

    zeroed = all(g is None or not bool(g.abs().max() > 0) for step in left for g in step.values())
    return {"after step 1": attempt(lambda: flat(0)), "after step 2": attempt(lambda: flat(1)),
            "after the last step": attempt(lambda: flat(-1)), "grads zeroed": zeroed}


def _from_numpy(impl, probe: Probe) -> dict:
    (seed,) = probe.args
    numpy_shapes = {n: (s[2], s[3], s[1], s[0]) if len(s) == 4 else s[::-1]
                    for n, s in SHAPES.items()}  # fmt: skip
    named = [(n, normal_array(seed + i, s)) for i, (n, s) in enumerate(numpy_shapes.items())]
    got = impl.lenet_torch.from_numpy(named)
    found = {n: attempt(lambda n=n: got[n]) for n in NAMES}
    found["requires grad"] = attempt(lambda: all(got[n].requires_grad for n in NAMES))
    return found


def _train(impl, probe: Probe) -> dict:
    n, epochs, batch, lr, seed = probe.args
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 28, 28, 1)).astype(np.float32)
    y = rng.integers(0, 10, n)
    history, predicted = impl.torch_probes.fit_and_predict(
        X, y, X[:6], seed=seed, epochs=epochs, batch_size=batch, lr=lr, device="cpu")
    return {"epoch losses": attempt(lambda: [h["loss"] for h in history]),
            "epoch numbers": attempt(lambda: [h["epoch"] for h in history]),
            "predictions": predicted}


TRAINS = ((20, 2, 8, 3e-3, 0), (16, 1, 5, 1e-3, 1), (12, 2, 12, 5e-3, 2),
          (18, 3, 7, 3e-3, 3))  # fmt: skip

SUBJECTS = (
    Subject("lenet_torch.init_params", "init_params",
            (*NAMES, "keys in order", "requires grad", "dtype"),
            (Probe("i5", "init_params(seed=5)", frozenset(), (5, "float32")),
             Probe("i0", "init_params(seed=0, dtype=torch.float64)", frozenset({"float64"}),
                   (0, "float64")),
             Probe("i3", "init_params(seed=3, dtype=torch.float64)", frozenset({"float64"}),
                   (3, "float64"))), _init, ("float64",),
            LAYOUT | dict.fromkeys(("keys in order", "requires grad", "dtype"), "index"),
            rtol=1e-5, atol=1e-6),
    Subject("lenet_torch.forward", "forward",  ("logits",),
            tuple(Probe(f"m{i}", f"forward(params, x of {n}, {a!r}, {p!r})",
                        frozenset(f for f, y in (("max pooling", p == "max"), ("relu", a == "relu"),
                                                 ("N > 1", n > 1)) if y), (a, p, n, s))
                  for i, (a, p, n, s) in enumerate(MODELS)), _forward, MODEL_FEATURES,
            {"logits": "matrix"}),
    Subject("lenet_torch.gradients", "forward's gradients", NAMES,
            tuple(Probe(f"m{i}", f"autograd through forward(params, x of {n}, {a!r}, {p!r})",
                        frozenset(), (a, p, n, s)) for i, (a, p, n, s) in enumerate(MODELS)),
            _gradients, (), LAYOUT),
    Subject("lenet_torch.cross_entropy", "cross_entropy", ("loss", "dlogits"),
            tuple(_loss_probe(i, *a) for i, a in enumerate(LOSSES)), _loss,
            ("N > 1", "large logits", "K > 4"), {"loss": "scalar", "dlogits": "matrix"}),
    Subject("lenet_torch.optimizers", "sgd_step and adam_step", STEPS,
            tuple(_run_probe(i, *a) for i, a in enumerate(RUNS)), _optimizer,
            ("adam", "several steps", "non-default betas and eps"),
            {"after step 1": "vector", "after step 2": "vector",
             "after the last step": "vector", "grads zeroed": "index"}, rtol=1e-7, atol=1e-9,
            stages=STEPS[:3], carries=CARRIES_STEP),
    Subject("lenet_torch.from_numpy", "from_numpy", (*NAMES, "requires grad"),
            tuple(Probe(f"n{s}", f"from_numpy(NumPy LeNet5 parameters, seed {s})", frozenset(),
                        (s,)) for s in (1, 2)), _from_numpy, (),
            LAYOUT | {"requires grad": "index"}),
    Subject("lenet_torch.train", "train (through fit_and_predict)",
            ("epoch losses", "epoch numbers", "predictions"),
            tuple(Probe(f"t{i}", f"train({n} images, epochs={e}, batch_size={b}, lr={lr})",
                        frozenset({"several epochs"} if e > 1 else set()), (n, e, b, lr, s))
                  for i, (n, e, b, lr, s) in enumerate(TRAINS)), _train, ("several epochs",),
            {"epoch losses": "vector", "epoch numbers": "index", "predictions": "index"},
            rtol=1e-4, atol=1e-6, per_epoch=("epoch losses",), carries=CARRIES_EPOCH),
)  # fmt: skip
