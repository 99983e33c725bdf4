"""Probes of the exercises: receptive fields, Xavier and He initialisation, the study."""

from __future__ import annotations

import numpy as np

from coursekit.evidence.subject import Probe, Subject, attempt

STACKS = (
    ((3, 1, 0),), ((3, 1, 1),), ((3, 2, 0), (3, 2, 0)), ((2, 2, 0),) * 3,
    ((7, 2, 3), (3, 2, 1)), ((1, 3, 0), (3, 1, 0)), ((5, 1, 2), (2, 2, 0), (5, 1, 0)),
    ((4, 3, 2), (2, 1, 0), (3, 2, 1)), (),
)  # fmt: skip
FIELD_FEATURES = ("padding", "stride > 1", "several layers", "a stride before a kernel > 1")


def _stack_probe(i: int, stack) -> Probe:
    strided_then = any(s > 1 for _, s, _ in stack[:-1]) and any(k > 1 for k, _, _ in stack[1:])
    have = {"padding": any(p for _, _, p in stack), "stride > 1": any(s > 1 for _, s, _ in stack),
            "several layers": len(stack) > 1, "a stride before a kernel > 1": strided_then}
    return Probe(f"f{i}", f"receptive_field({list(stack)})",
                 frozenset(f for f, y in have.items() if y), (stack,))


def _field(impl, probe: Probe) -> dict:
    (stack,) = probe.args
    got = impl.receptive_field.receptive_field(list(stack))
    return {name: attempt(lambda k=k: got[k]) for k, name in enumerate(("size", "jump", "start"))}


def _field_errors(impl, probe: Probe) -> dict:
    (stack,) = probe.args
    try:
        impl.receptive_field.receptive_field(list(stack))
    except ValueError:
        return {"raises ValueError": True}
    return {"raises ValueError": False}


BAD = (((0, 1, 0),), ((3, 1, 0), (3, 0, 0)), ((3, 1, -1),), ((3, 1, 0), (-1, 2, 0)),
       ((2, -2, 0),), ((3, 1, 0), (3, 1, -2)))  # fmt: skip


def _bad_probe(i, stack) -> Probe:
    why = next(w for k, s, p in stack for w, bad in (("kernel < 1", k < 1), ("stride < 1", s < 1),
                                                      ("pad < 0", p < 0)) if bad)  # fmt: skip
    return Probe(f"e{i}", f"receptive_field({list(stack)})", frozenset({why}), (stack,))


SHAPES = ((7, 5), (3, 3, 4, 6), (1, 1, 2, 3), (40, 30), (2, 5, 3, 8))


def _init_probe(i: int, shape) -> Probe:
    return Probe(f"w{i}", f"init of shape {shape}, rng={11 + i}",
                 frozenset({"a conv shape"} if len(shape) == 4 else set()), (shape, 11 + i),
                 (("sqrt(2)", np.sqrt(2.0)),))


def _inits(impl, probe: Probe) -> dict:
    shape, seed = probe.args
    init = impl.initialisation
    return {"xavier_init": attempt(lambda: init.xavier_init(shape, rng=seed)),
            "he_init": attempt(lambda: init.he_init(shape, rng=seed)),
            "float32 kept": attempt(lambda: init.he_init(shape, rng=seed, dtype=np.float32)
                                    .dtype == np.float32)}  # fmt: skip


STUDIES = (("xavier", "tanh", 3, 16, 20, 0), ("he", "relu", 4, 12, 10, 1),
           ("he", "sigmoid", 2, 8, 6, 2), ("xavier", "relu", 3, 10, 8, 3))  # fmt: skip


def _study(impl, probe: Probe) -> dict:
    init, activation, depth, width, n, seed = probe.args
    layers = impl.initialisation.activation_study(init, activation, depth, width, n, seed)
    return {"layers": attempt(lambda: np.stack([np.asarray(h) for h in layers])),
            "depth": attempt(lambda: len(layers))}


SUBJECTS = (
    Subject("exercises.receptive_field", "receptive_field", ("size", "jump", "start"),
            tuple(_stack_probe(i, s) for i, s in enumerate(STACKS)), _field, FIELD_FEATURES,
            {"size": "index", "jump": "index", "start": "scalar"}),
    Subject("exercises.receptive_field_errors", "receptive_field", ("raises ValueError",),
            tuple(_bad_probe(i, s) for i, s in enumerate(BAD)), _field_errors,
            ("kernel < 1", "stride < 1", "pad < 0"), {"raises ValueError": "index"}),
    Subject("exercises.init", "xavier_init and he_init", ("xavier_init", "he_init",
                                                          "float32 kept"),
            tuple(_init_probe(i, s) for i, s in enumerate(SHAPES)), _inits, ("a conv shape",),
            {"xavier_init": "vector", "he_init": "vector", "float32 kept": "index"}),
    Subject("exercises.activation_study", "activation_study", ("layers", "depth"),
            tuple(Probe(f"a{i}", f"activation_study({a!r}, {b!r}, depth={d}, width={w}, n={n},"
                        f" rng={s})", frozenset({"relu"} if b == "relu" else set()),
                        (a, b, d, w, n, s)) for i, (a, b, d, w, n, s) in enumerate(STUDIES)),
            _study, ("relu",), {"layers": "vector", "depth": "index"}),
)  # fmt: skip
