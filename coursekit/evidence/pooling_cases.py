"""Probes of part 4: max, average and global average pooling, their layers and indices."""

from __future__ import annotations

import numpy as np

from coursekit.checks import readonly
from coursekit.evidence.geometry import POOL_FEATURES, POOL_PROBES, pool_inputs
from coursekit.evidence.subject import Probe, Subject, attempt
from coursekit.strategies import normal_array


def _forward(kind: str):
    def run(impl, probe: Probe) -> dict:
        g = probe.args[0]
        x, _ = pool_inputs(probe)
        return {"out": getattr(impl.pooling, f"{kind}pool_forward")(x, g.pool, g.stride)[0]}

    return run


def _backward(kind: str):
    def run(impl, probe: Probe) -> dict:
        g = probe.args[0]
        x, dout = pool_inputs(probe)
        cache = getattr(impl.pooling, f"{kind}pool_forward")(x, g.pool, g.stride)[1]
        return {"dx": getattr(impl.pooling, f"{kind}pool_backward")(dout, cache)}

    return run


def _indices(impl, probe: Probe) -> dict:
    g = probe.args[0]
    x, _ = pool_inputs(probe)
    layer = impl.pooling.MaxPool2D(g.pool, g.stride)
    layer.forward(x)
    return {"indices": layer.indices}


def _counts(ref, probe: Probe) -> np.ndarray:
    """How many windows hold each pixel."""
    g = probe.args[0]
    x, _ = pool_inputs(probe)
    cache = ref.pooling.avgpool_forward(x, g.pool, g.stride)[1]
    ones = readonly(np.ones(g.out_shape))
    return np.rint(ref.pooling.avgpool_backward(ones, cache) * g.PH * g.PW)


def _dx_regions(ref, probe: Probe) -> dict:
    counts = _counts(ref, probe)
    return {"dx": {"at the pixels held by two windows or more": counts >= 2,
                   "at the pixels held by no window": counts == 0,
                   "the number of windows that hold each pixel": counts}}


def _max_regions(ref, probe: Probe) -> dict:
    g = probe.args[0]
    x, _ = pool_inputs(probe)
    out = ref.pooling.maxpool_forward(x, g.pool, g.stride)[0]
    return {"out": {"at the windows whose maximum is negative": out < 0,
                    "at the windows whose maximum is positive": out > 0}}


GLOBAL = ((1, 1, 1, 1), (2, 3, 4, 2), (1, 5, 3, 3), (2, 4, 4, 1), (1, 2, 6, 1), (1, 3, 3, 2))
GLOBAL_FEATURES = ("N > 1", "C > 1", "H != W", "more than one pixel")


def _global_probe(i: int, shape) -> Probe:
    N, H, W, C = shape
    have = {"N > 1": N > 1, "C > 1": C > 1, "H != W": H != W, "more than one pixel": H * W > 1}
    return Probe(f"a{i}", f"x {shape}", frozenset(f for f, y in have.items() if y),
                 (shape, 400 + 10 * i), (("H*W", H * W), ("H", H), ("W", W), ("N", N)))


def _global(impl, probe: Probe) -> dict:
    shape, s = probe.args
    x, dout = readonly(normal_array(s, shape), normal_array(s + 1, (shape[0], shape[3])))
    out, cache = impl.pooling.global_avgpool_forward(x)
    return {"out": out, "dx": impl.pooling.global_avgpool_backward(dout, cache)}


LAYER_PROBES = tuple(POOL_PROBES[i] for i in (0, 2, 4, 7))


def _layers(impl, probe: Probe) -> dict:
    g = probe.args[0]
    x, dout = pool_inputs(probe)
    found = {}
    for name, cls in (("max", "MaxPool2D"), ("avg", "AvgPool2D"), ("global", "GlobalAvgPool2D")):
        args = () if name == "global" else (g.pool, g.stride)
        grad = readonly(normal_array(7, (g.N, g.C))) if name == "global" else dout
        layer = attempt(lambda cls=cls, args=args: getattr(impl.pooling, cls)(*args))
        found[f"{name} out"] = attempt(lambda layer=layer: layer.forward(x))
        found[f"{name} dx"] = attempt(lambda layer=layer, grad=grad: layer.backward(grad))
        found[f"{name} params"] = attempt(lambda layer=layer: len(list(layer.params())))
    return found


def _errors(impl, probe: Probe) -> dict:
    kind, pool = probe.args
    x = readonly(normal_array(5, (1, 6, 6, 1)))
    try:
        getattr(impl.pooling, f"{kind}pool_forward")(x, pool, None)
    except ValueError:
        return {"raises ValueError": True}
    return {"raises ValueError": False}


ERRORS = tuple(Probe(f"e{i}", f"{kind}pool_forward(x, pool={pool}, stride=None)",
                     frozenset({kind}), (kind, pool))
               for i, (kind, pool) in enumerate((("max", (2, 3)), ("max", (3, 1)),
                                                 ("avg", (2, 3)), ("avg", (1, 2)))))  # fmt: skip
LAYER_OUTPUTS = ("max out", "max dx", "max params", "avg out", "avg dx", "avg params",
                 "global out", "global dx", "global params")  # fmt: skip

SUBJECTS = (
    Subject("pooling.maxpool_forward", "maxpool_forward", ("out",), POOL_PROBES,
            _forward("max"), POOL_FEATURES, regions=_max_regions),
    Subject("pooling.maxpool_backward", "maxpool_backward", ("dx",), POOL_PROBES,
            _backward("max"), POOL_FEATURES, regions=_dx_regions),
    Subject("pooling.MaxPool2D.indices", "MaxPool2D.indices", ("indices",), POOL_PROBES,
            _indices, POOL_FEATURES, {"indices": "index"}),
    Subject("pooling.avgpool_forward", "avgpool_forward", ("out",), POOL_PROBES,
            _forward("avg"), POOL_FEATURES),
    Subject("pooling.avgpool_backward", "avgpool_backward", ("dx",), POOL_PROBES,
            _backward("avg"), POOL_FEATURES, regions=_dx_regions),
    Subject("pooling.global_avgpool", "global_avgpool_forward/backward", ("out", "dx"),
            tuple(_global_probe(i, s) for i, s in enumerate(GLOBAL)), _global,
            GLOBAL_FEATURES, {"out": "matrix", "dx": "NHWC"}),
    Subject("pooling.layers", "MaxPool2D, AvgPool2D, GlobalAvgPool2D", LAYER_OUTPUTS,
            LAYER_PROBES, _layers, ("stride None", "overlapping windows", "N > 1"),
            {"max params": "index", "avg params": "index", "global params": "index",
             "global out": "matrix"}),
    Subject("pooling.errors", "pooling with stride None", ("raises ValueError",), ERRORS,
            _errors, ("max", "avg"), {"raises ValueError": "index"}),
)  # fmt: skip
