"""Probes of part 5: softmax cross-entropy, the LeNet5 model (on weights the probe sets),
its gradients, parameters, initialisation, predict and train."""

from __future__ import annotations

import numpy as np

from coursekit.checks import readonly
from coursekit.evidence.subject import Probe, Subject, attempt
from coursekit.strategies import normal_array

PARAM_SHAPES = {
    "c1.w": (5, 5, 1, 6), "c1.b": (6,), "c3.w": (5, 5, 6, 16), "c3.b": (16,),
    "c5.w": (5, 5, 16, 120), "c5.b": (120,), "f6.w": (120, 84), "f6.b": (84,),
    "f7.w": (84, 10), "f7.b": (10,),
}  # fmt: skip
NAMES = tuple(PARAM_SHAPES)
LAYOUT = {name: "HWCF" if len(s) == 4 else "matrix" if len(s) == 2 else "vector"
          for name, s in PARAM_SHAPES.items()}  # fmt: skip

# softmax_cross_entropy: (N, K, scale of the logits, seed)
LOSSES = ((1, 3, 1.0, 0), (4, 5, 2.0, 1), (3, 10, 5.0, 2), (2, 3, 1e4, 3), (5, 4, 1.0, 4),
          (2, 6, 800.0, 5))  # fmt: skip


def _loss_probe(i, n, k, scale, seed) -> Probe:
    have = {"N > 1": n > 1, "large logits": scale > 100, "K > 4": k > 4}
    return Probe(f"s{i}", f"{n} rows of {k} logits of about {scale:g}",
                 frozenset(f for f, y in have.items() if y), (n, k, scale, seed),
                 (("N (the batch size)", n), ("K (the number of classes)", k)))


def _softmax(impl, probe: Probe) -> dict:
    n, k, scale, seed = probe.args
    rng = np.random.default_rng(seed)
    logits = readonly(rng.standard_normal((n, k)) * scale)
    y = readonly(rng.integers(0, k, n))
    loss, dlogits = impl.lenet.softmax_cross_entropy(logits, y)
    return {"loss": loss, "dlogits": dlogits}


def set_weights(model, seed: int, writable: bool = False) -> None:
    """Every parameter assigned from seeded normals at He's scale, biases included, so that
    a missing one shows; read-only (never written into) unless `writable`: an optimizer's
    step updates the live arrays in place."""
    for i, (name, shape) in enumerate(PARAM_SHAPES.items()):
        fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else 10
        value = normal_array(seed + i, shape) * np.sqrt(2.0 / fan_in)
        layer, attr = name.split(".")
        setattr(getattr(model, layer), attr, value if writable else readonly(value))


# the model: (activation, pool, images, seed)
MODELS = (("relu", "avg", 2, 0), ("tanh", "max", 3, 1), ("sigmoid", "avg", 1, 2),
          ("relu", "max", 2, 3))  # fmt: skip
MODEL_FEATURES = ("max pooling", "relu", "N > 1")


def _model_probe(i, activation, pool, n, seed) -> Probe:
    have = {"max pooling": pool == "max", "relu": activation == "relu", "N > 1": n > 1}
    return Probe(f"m{i}", f"LeNet5({activation!r}, {pool!r}) on {n} image{'s' * (n > 1)}",
                 frozenset(f for f, y in have.items() if y), (activation, pool, n, seed),
                 (("N (the batch size)", n),))


def _model(impl, probe: Probe):
    activation, pool, n, seed = probe.args
    model = impl.lenet.LeNet5(activation=activation, pool=pool, rng=0)
    set_weights(model, 10 * seed)
    return model, readonly(normal_array(50 + seed, (n, 28, 28, 1)))


def _forward(impl, probe: Probe) -> dict:
    model, x = _model(impl, probe)
    return {"logits": model.forward(x)}


def _backward(impl, probe: Probe) -> dict:
    model, x = _model(impl, probe)
    model.forward(x)
    returned = model.backward(readonly(normal_array(70 + probe.args[3], (len(x), 10))))
    grads = attempt(lambda: {name: grad for name, _, grad in list(model.params())})
    found = {name: attempt(lambda name=name: grads[name]) for name in NAMES}
    return found | {"backward returns None": returned is None}


STRUCTURE = ("parameter names in order", "parameter count", "layers", "c1.input_grad")


def _structure(impl, probe: Probe) -> dict:
    activation, pool, _, _ = probe.args
    model = impl.lenet.LeNet5(activation=activation, pool=pool, rng=0)
    params = attempt(lambda: list(model.params()))
    return {
        "parameter names in order": attempt(lambda: [p[0] for p in params] == list(NAMES)),
        "parameter count": attempt(lambda: sum(np.asarray(p[1]).size for p in params)),
        "layers": attempt(lambda: len(model.layers)),
        "c1.input_grad": attempt(lambda: bool(model.c1.input_grad)),
    }


def _init(impl, probe: Probe) -> dict:
    (seed,) = probe.args
    model = impl.lenet.LeNet5(rng=seed)
    return {name: attempt(lambda name=name: getattr(getattr(model, name[:2]), name[3:]))
            for name in NAMES}


def _predict(impl, probe: Probe) -> dict:
    n, batch_size, seed = probe.args
    model = impl.lenet.LeNet5(rng=0)
    set_weights(model, seed)
    labels = model.predict(readonly(normal_array(90 + seed, (n, 28, 28, 1))), batch_size)
    return {"labels": labels, "integers": np.asarray(labels).dtype.kind in "iu"}


# train: (images, epochs, batch_size, lr, optimizer, rng)
TRAINS = ((12, 2, 5, 0.05, "sgd", 3), (10, 1, 4, 1e-3, "adam", 0), (8, 2, 8, 0.05, "sgd", 1),
          (9, 2, 3, 2e-3, "adam", 2))  # fmt: skip
TRAIN_FEATURES = ("adam", "a partial last batch", "several epochs")
CARRIES_EPOCH = ("look at what lives across epochs: one generator for the whole run, one "
                 "optimizer (and its state) for the whole run, the model's parameters")


def _train_probe(i, n, epochs, batch, lr, opt, seed) -> Probe:
    have = {"adam": opt == "adam", "a partial last batch": n % batch > 0, "several epochs":
            epochs > 1}  # fmt: skip
    return Probe(f"t{i}", f"train({n} images, epochs={epochs}, batch_size={batch}, lr={lr}, "
                 f"optimizer={opt!r}, rng={seed})", frozenset(f for f, y in have.items() if y),
                 (n, epochs, batch, lr, opt, seed))


def _train(impl, probe: Probe) -> dict:
    n, epochs, batch, lr, opt, seed = probe.args
    model = impl.lenet.LeNet5(rng=0)
    set_weights(model, 5 + seed, writable=True)
    x = readonly(normal_array(110 + seed, (n, 28, 28, 1)))
    y = readonly(np.random.default_rng(seed).integers(0, 10, n))
    history = impl.lenet.train(model, x, y, epochs=epochs, batch_size=batch, lr=lr,
                               optimizer=opt, rng=seed)
    return {
        "epoch losses": attempt(lambda: [h["loss"] for h in history]),
        "epoch accuracies": attempt(lambda: [h["accuracy"] for h in history]),
        "epoch numbers": attempt(lambda: [h["epoch"] for h in history]),
        "f7.w after": attempt(lambda: model.f7.w),
        "c1.w after": attempt(lambda: model.c1.w),
    }


SUBJECTS = (
    Subject("lenet.softmax_cross_entropy", "softmax_cross_entropy", ("loss", "dlogits"),
            tuple(_loss_probe(i, *a) for i, a in enumerate(LOSSES)), _softmax,
            ("N > 1", "large logits", "K > 4"), {"loss": "scalar", "dlogits": "matrix"}),
    Subject("lenet.LeNet5.forward", "LeNet5.forward", ("logits",),
            tuple(_model_probe(i, *a) for i, a in enumerate(MODELS)), _forward,
            MODEL_FEATURES, {"logits": "matrix"}),
    Subject("lenet.LeNet5.backward", "LeNet5.backward", (*NAMES, "backward returns None"),
            tuple(_model_probe(i, *a) for i, a in enumerate(MODELS)), _backward,
            MODEL_FEATURES, LAYOUT | {"backward returns None": "index"}),
    Subject("lenet.LeNet5.structure", "LeNet5(...)",
            STRUCTURE, tuple(_model_probe(i, *a) for i, a in enumerate(MODELS[:2])),
            _structure, (), dict.fromkeys(STRUCTURE, "index")),
    Subject("lenet.LeNet5.init", "LeNet5(rng=...)", NAMES,
            tuple(Probe(f"r{s}", f"LeNet5(rng={s})", frozenset(), (s,)) for s in (3, 11)),
            _init, (), LAYOUT),
    Subject("lenet.LeNet5.predict", "LeNet5.predict", ("labels", "integers"),
            tuple(Probe(f"p{i}", f"predict({n} images, batch_size={b})",
                        frozenset({"a partial last batch"} if n % b else set()), (n, b, 20 + i))
                  for i, (n, b) in enumerate(((5, 2), (7, 3), (4, 512), (6, 3)))),
            _predict, ("a partial last batch",), {"labels": "index", "integers": "index"}),
    Subject("lenet.train", "train",
            ("epoch losses", "epoch accuracies", "epoch numbers", "f7.w after", "c1.w after"),
            tuple(_train_probe(i, *a) for i, a in enumerate(TRAINS)), _train, TRAIN_FEATURES,
            {"epoch losses": "vector", "epoch accuracies": "vector", "epoch numbers": "index",
             "f7.w after": "matrix", "c1.w after": "HWCF"}, rtol=1e-5, atol=1e-8,
            per_epoch=("epoch losses", "epoch accuracies"), carries=CARRIES_EPOCH),
)  # fmt: skip
