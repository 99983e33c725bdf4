"""Probes of part 7, LeNet-5 as published: squashing, subsampling, the sparse C3, the RBF
codes and layer, the losses, prepare and the model (on parameters the probe sets)."""

from __future__ import annotations

import numpy as np

from coursekit.checks import readonly
from coursekit.evidence.subject import Probe, Subject, attempt
from coursekit.strategies import normal_array

PARAMS = {
    "c1.w": ((5, 5, 1, 6), 25), "c1.b": ((6,), 25), "s2.coef": ((6,), 4), "s2.b": ((6,), 4),
    "c3.w": ((5, 5, 60), 100), "c3.b": ((16,), 100), "s4.coef": ((16,), 4),
    "s4.b": ((16,), 4), "c5.w": ((5, 5, 16, 120), 400), "c5.b": ((120,), 400),
    "f6.w": ((120, 84), 120), "f6.b": ((84,), 120),
}  # fmt: skip
NAMES = tuple(PARAMS)


def _probe(name: str, label: str, args: tuple, *features: str) -> Probe:
    return Probe(name, label, frozenset(f for f in features if f), args)


def _tanh(impl, probe: Probe) -> dict:
    shape, scale, seed = probe.args
    a = readonly(normal_array(seed, shape) * scale)
    y = readonly(np.clip(normal_array(seed + 1, shape), -1.6, 1.6))
    dout = readonly(normal_array(seed + 2, shape))
    P = impl.lenet_paper
    return {"scaled_tanh(a)": attempt(lambda: P.scaled_tanh(a)),
            "scaled_tanh_backward(dout, y)": attempt(lambda: P.scaled_tanh_backward(dout, y))}


def _subsampling(impl, probe: Probe) -> dict:
    shape, seed = probe.args
    s = impl.lenet_paper.Subsampling(shape[3], rng=0)
    s.coef, s.b = readonly(normal_array(seed, (shape[3],)), normal_array(seed + 1, (shape[3],)))
    x = readonly(normal_array(seed + 2, shape))
    out = s.forward(x)
    dx = s.backward(readonly(normal_array(seed + 3, out.shape)))
    grads = attempt(lambda: {n: g for n, _, g in list(s.params())})
    return {"out": out, "dx": dx, "dcoef": attempt(lambda: grads["coef"]),
            "db": attempt(lambda: grads["b"])}


TABLES = (((0, 1), (1, 2), (0, 2), (2,)), ((0, 1, 2), (3,), (1, 3)), ((1,), (0, 1)))


def _sparse(impl, probe: Probe) -> dict:
    table, k, shape, seed = probe.args
    conv = impl.lenet_paper.SparseConv2D(table, k, rng=0)
    K, F = sum(len(t) for t in table), len(table)
    conv.w, conv.b = readonly(normal_array(seed, (k, k, K)), normal_array(seed + 1, (F,)))
    x = readonly(normal_array(seed + 2, shape))
    out = conv.forward(x)
    dx = conv.backward(readonly(normal_array(seed + 3, out.shape)))
    grads = attempt(lambda: {n: g for n, _, g in list(conv.params())})
    return {"out": out, "dx": dx, "dw": attempt(lambda: grads["w"]),
            "db": attempt(lambda: grads["b"]), "kernel()": attempt(conv.kernel)}


def _table(impl, probe: Probe) -> dict:
    table = impl.lenet_paper.C3_TABLE
    grid = np.zeros((16, 6))
    for m, maps in enumerate(table):
        grid[m, list(maps)] = 1
    return {"connections": grid}


def _codes(impl, probe: Probe) -> dict:
    (seed,) = probe.args
    if seed is None:
        bitmaps = impl.bitmaps.DIGIT_BITMAPS
    else:
        bitmaps = readonly(np.random.default_rng(seed).integers(0, 2, (10, 12, 7)))
    return {"codes": impl.lenet_paper.bitmap_codes(bitmaps)}


def _rbf(impl, probe: Probe) -> dict:
    n, seed = probe.args
    codes = readonly(np.where(np.random.default_rng(seed).random((10, 84)) > 0.5, 1.0, -1.0))
    rbf = impl.lenet_paper.RBFOutput(codes)
    x = readonly(normal_array(seed + 1, (n, 84)))
    y = rbf.forward(x)
    return {"y": y, "dx": rbf.backward(readonly(normal_array(seed + 2, (n, 10)))),
            "parameters": attempt(lambda: len(list(rbf.params())))}


# losses: (N, scale, offset, j, seed)
LOSSES = ((1, 4.0, 0.0, 1.0, 0), (4, 4.0, 0.0, 0.1, 1), (3, 3.0, 0.0, 5.0, 2),
          (2, 1.0, 1e4, 1.0, 3), (5, 2.0, 0.0, 1.0, 4))  # fmt: skip


def _loss_probe(i, n, scale, offset, j, seed) -> Probe:
    return Probe(f"s{i}", f"{n} rows of penalties of about {scale + offset:g}, j={j}",
                 frozenset(f for f, y in (("N > 1", n > 1), ("large penalties", offset > 0),
                                          ("j != 1", j != 1)) if y),
                 (n, scale, offset, j, seed), (("N (the batch size)", n),))


def _losses(impl, probe: Probe) -> dict:
    n, scale, offset, j, seed = probe.args
    rng = np.random.default_rng(seed)
    y = readonly(np.abs(rng.standard_normal((n, 10))) * scale + offset)
    labels = readonly(rng.integers(0, 10, n))
    P = impl.lenet_paper
    found = {}
    for name, call in (("map", lambda: P.map_loss(y, labels, j=j)),
                       ("mse", lambda: P.mse_loss(y, labels))):
        pair = attempt(call)
        found[f"{name} loss"] = attempt(lambda pair=pair: pair[0])
        found[f"{name} dy"] = attempt(lambda pair=pair: pair[1])
    return found


def _prepare(impl, probe: Probe) -> dict:
    (n, seed) = probe.args
    images = readonly(np.random.default_rng(seed).integers(0, 256, (n, 28, 28)).astype(np.uint8))
    return {"x": impl.lenet_paper.prepare(images)}


def set_paper_weights(model, seed: int) -> None:
    for i, (name, (shape, fan_in)) in enumerate(PARAMS.items()):
        value = np.random.default_rng(seed + i).uniform(-2.4, 2.4, shape) / fan_in
        layer, attr = name.split(".")
        setattr(getattr(model, layer), attr, readonly(value))


def _model(impl, probe: Probe) -> dict:
    n, seed = probe.args
    P = impl.lenet_paper
    model = P.LeNet5Paper(rng=0)
    set_paper_weights(model, 10 * seed)
    x = readonly(np.random.default_rng(seed).uniform(-0.1, 1.175, (n, 32, 32, 1)))
    y = model.forward(x)
    model.backward(readonly(normal_array(80 + seed, (n, 10))))
    grads = attempt(lambda: {name: g for name, _, g in list(model.params())})
    found = {name: attempt(lambda name=name: grads[name]) for name in NAMES}
    return found | {"penalties": y, "predict": attempt(lambda: model.predict(x))}


def _init(impl, probe: Probe) -> dict:
    (seed,) = probe.args
    model = impl.lenet_paper.LeNet5Paper(rng=seed)
    params = attempt(lambda: {name: v for name, v, _ in list(model.params())})
    return {name: attempt(lambda name=name: params[name]) for name in NAMES} | {
        "codes": attempt(lambda: model.rbf.codes)}


SUBJECTS = (
    Subject("lenet_paper.scaled_tanh", "scaled_tanh and scaled_tanh_backward",
            ("scaled_tanh(a)", "scaled_tanh_backward(dout, y)"),
            (_probe("a0", "a (4, 5) about 1", ((4, 5), 1.0, 0)),
             _probe("a1", "a (3, 7) about 3", ((3, 7), 3.0, 1), "large inputs"),
             _probe("a2", "a (2, 3, 4) about 0.3", ((2, 3, 4), 0.3, 2))), _tanh,
            ("large inputs",), {"scaled_tanh(a)": "vector",
                                "scaled_tanh_backward(dout, y)": "vector"}),
    Subject("lenet_paper.Subsampling", "Subsampling", ("out", "dx", "dcoef", "db"),
            (_probe("b0", "x (1, 4, 4, 1)", ((1, 4, 4, 1), 0)),
             _probe("b1", "x (2, 4, 6, 3)", ((2, 4, 6, 3), 1), "N > 1"),
             _probe("b2", "x (1, 6, 2, 2)", ((1, 6, 2, 2), 2))), _subsampling, ("N > 1",),
            {"dcoef": "vector", "db": "vector"}),
    Subject("lenet_paper.SparseConv2D", "SparseConv2D", ("out", "dx", "dw", "db", "kernel()"),
            tuple(_probe(f"c{i}", f"SparseConv2D({t}, {k}) on x {s}", (t, k, s, 30 + 10 * i))
                  for i, (t, k, s) in enumerate(((TABLES[0], 3, (2, 6, 5, 3)),
                                                 (TABLES[1], 2, (1, 5, 5, 4)),
                                                 (TABLES[2], 3, (1, 4, 6, 2))))),
            _sparse, (), {"dw": "vector", "db": "vector", "kernel()": "HWCF"}),
    Subject("lenet_paper.C3_TABLE", "C3_TABLE", ("connections",),
            (_probe("t", "C3_TABLE", ()),), _table, (), {"connections": "index"},
            min_support=1),
    Subject("lenet_paper.bitmap_codes", "bitmap_codes", ("codes",),
            (_probe("d", "bitmap_codes(DIGIT_BITMAPS)", (None,)),
             _probe("r", "bitmap_codes(random 0/1 bitmaps)", (7,))), _codes, (),
            {"codes": "matrix"}),
    Subject("lenet_paper.RBFOutput", "RBFOutput", ("y", "dx", "parameters"),
            (_probe("f0", "x (1, 84)", (1, 0)), _probe("f1", "x (3, 84)", (3, 1), "N > 1"),
             _probe("f2", "x (2, 84)", (2, 2), "N > 1")), _rbf, ("N > 1",),
            {"y": "matrix", "dx": "matrix", "parameters": "index"}),
    Subject("lenet_paper.losses", "map_loss and mse_loss",
            ("map loss", "map dy", "mse loss", "mse dy"),
            tuple(_loss_probe(i, *a) for i, a in enumerate(LOSSES)), _losses,
            ("N > 1", "large penalties", "j != 1"),
            {"map loss": "scalar", "map dy": "matrix", "mse loss": "scalar", "mse dy": "matrix"}),
    Subject("lenet_paper.prepare", "prepare", ("x",),
            (_probe("p0", "prepare(2 images)", (2, 0)), _probe("p1", "prepare(1 image)", (1, 1))),
            _prepare, ()),
    Subject("lenet_paper.LeNet5Paper", "LeNet5Paper", ("penalties", "predict", *NAMES),
            (_probe("m0", "LeNet5Paper on 2 images", (2, 0)),
             _probe("m1", "LeNet5Paper on 3 images", (3, 1))), _model, (),
            {"penalties": "matrix", "predict": "index"} | dict.fromkeys(NAMES, "vector"),
            rtol=1e-6, atol=1e-9),
    Subject("lenet_paper.LeNet5Paper.init", "LeNet5Paper(rng=...)", (*NAMES, "codes"),
            (_probe("r0", "LeNet5Paper(rng=0)", (0,)), _probe("r4", "LeNet5Paper(rng=4)", (4,))),
            _init, (), dict.fromkeys(NAMES, "vector") | {"codes": "matrix"}),
)  # fmt: skip
