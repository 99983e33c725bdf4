"""Probes of part 3: the convolution forward passes, its gradients and the Conv2D layer."""

from __future__ import annotations

import numpy as np

from coursekit.checks import readonly
from coursekit.evidence.geometry import CONV_FEATURES, CONV_PROBES, conv_inputs
from coursekit.evidence.im2col_cases import pixel_regions
from coursekit.evidence.subject import Probe, Subject
from coursekit.strategies import ConvGeometry, normal_array

GRADIENTS = {"dx": "NHWC", "dw": "HWCF", "db": "vector"}


def _naive(impl, probe: Probe) -> dict:
    g, _ = probe.args
    x, w, b, _, _ = conv_inputs(probe)
    return {"out": impl.conv.conv_forward_naive(x, w, b, g.stride, g.pad)}


def _forward(impl, probe: Probe) -> dict:
    g, _ = probe.args
    x, w, b, _, _ = conv_inputs(probe)
    return {"out": impl.conv.conv_forward(x, w, b, g.stride, g.pad)[0]}


def _backward(impl, probe: Probe) -> dict:
    g, _ = probe.args
    x, w, b, dout, _ = conv_inputs(probe)
    cache = impl.conv.conv_forward(x, w, b, g.stride, g.pad)[1]
    dx, dw, db = impl.conv.conv_backward(dout, cache)
    return {"dx": dx, "dw": dw, "db": db}


def _param_grads(impl, probe: Probe) -> dict:
    g, _ = probe.args
    x, w, b, dout, _ = conv_inputs(probe)
    cache = impl.conv.conv_forward(x, w, b, g.stride, g.pad)[1]
    dw, db = impl.conv.conv_param_grads(dout, cache)
    return {"dw": dw, "db": db}


def _out_regions(ref, probe: Probe) -> dict:
    """The outputs whose window reaches into the padding."""
    g, _ = probe.args
    ones = readonly(np.ones(g.x_shape), np.ones(g.w_shape), np.zeros(g.F))
    full = ref.conv.conv_forward(*ones, g.stride, g.pad)[0]
    return {"out": {"at the outputs whose window reaches into the padding":
                    full < g.KH * g.KW * g.C - 0.5}}


# Conv2D: (in, out, kernel, stride, pad, rng, dtype) as a caller writes them
INITS = (
    (3, 5, (3, 2), 1, 0, 7, "float64"), (4, 2, 3, 1, 0, 1, "float64"),
    (1, 6, 5, 2, 2, 0, "float64"), (8, 3, (1, 3), 1, 1, 2, "float32"),
)  # fmt: skip


def _init(impl, probe: Probe) -> dict:
    cin, cout, k, stride, pad, seed, dtype = probe.args
    layer = impl.conv.Conv2D(cin, cout, k, stride, pad, rng=seed, dtype=np.dtype(dtype))
    return {"w": layer.w, "b": layer.b, "stride, pad": (layer.stride, layer.pad),
            "input_grad": bool(layer.input_grad)}


def _init_probe(i, args) -> Probe:
    cin, cout, k, stride, pad, seed, dtype = args
    features = {"a non-square kernel"} if isinstance(k, tuple) else set()
    features |= {"C_in > 1"} if cin > 1 else set()
    features |= {"float32"} if dtype == "float32" else set()
    return Probe(f"i{i}", f"Conv2D({cin}, {cout}, {k}, stride={stride}, pad={pad}, "
                 f"rng={seed}, dtype={dtype})", frozenset(features), args,
                 (("sqrt(C_in)", np.sqrt(cin)), ("sqrt(2)", np.sqrt(2.0))))


LAYERS = tuple(ConvGeometry(*g) for g in ((2, 7, 6, 3, 3, 2, 4, 2, 1), (1, 5, 5, 2, 3, 3, 2, 1, 1),
                                          (2, 6, 5, 1, 3, 3, 2, 1, 0), (1, 7, 7, 2, 2, 2, 3, 3, 0)))


def _layer(impl, probe: Probe) -> dict:
    g, s = probe.args
    layer = impl.conv.Conv2D(g.C, g.F, (g.KH, g.KW), g.stride, g.pad, rng=0)
    x, w, b, dout = readonly(normal_array(s, g.x_shape), normal_array(s + 1, g.w_shape),
                             normal_array(s + 2, (g.F,)), normal_array(s + 3, g.out_shape))
    layer.w, layer.b = w, b  # assigned parameters: the layer must use them
    out = layer.forward(x)
    dx = layer.backward(dout)
    found = {"out": out, "dx": dx, "dw": layer.dw, "db": layer.db}
    layer.input_grad = False
    layer.forward(x)
    found["backward returns None"] = layer.backward(dout) is None
    found["dw with input_grad False"] = layer.dw
    return found


def _layer_probe(i, g) -> Probe:
    features = {f for f, yes in (("stride > 1", g.stride > 1), ("pad > 0", g.pad > 0),
                                 ("N > 1", g.N > 1)) if yes}  # fmt: skip
    return Probe(f"l{i}", f"Conv2D({g.C}, {g.F}, ({g.KH}, {g.KW}), stride={g.stride}, "
                 f"pad={g.pad}) on x {g.x_shape}", frozenset(features), (g, 300 + 10 * i))


SUBJECTS = (
    Subject("conv.conv_forward_naive", "conv_forward_naive", ("out",), CONV_PROBES, _naive,
            CONV_FEATURES, regions=_out_regions),
    Subject("conv.conv_forward", "conv_forward", ("out",), CONV_PROBES, _forward,
            CONV_FEATURES, regions=_out_regions),
    Subject("conv.conv_backward", "conv_backward", ("dx", "dw", "db"), CONV_PROBES, _backward,
            CONV_FEATURES, GRADIENTS, regions=lambda ref, p: {"dx": pixel_regions(ref, p)}),
    Subject("conv.conv_param_grads", "conv_param_grads", ("dw", "db"), CONV_PROBES,
            _param_grads, CONV_FEATURES, GRADIENTS),
    Subject("conv.Conv2D.init", "Conv2D(...)", ("w", "b", "stride, pad", "input_grad"),
            tuple(_init_probe(i, a) for i, a in enumerate(INITS)), _init,
            ("a non-square kernel", "C_in > 1", "float32"),
            {"w": "HWCF", "b": "vector", "stride, pad": "index", "input_grad": "index"},
            rtol=1e-5, atol=1e-7),
    Subject("conv.Conv2D", "Conv2D.forward/backward",
            ("out", "dx", "dw", "db", "backward returns None", "dw with input_grad False"),
            tuple(_layer_probe(i, g) for i, g in enumerate(LAYERS)), _layer,
            ("stride > 1", "pad > 0", "N > 1"),
            GRADIENTS | {"backward returns None": "index", "dw with input_grad False": "HWCF"}),
)  # fmt: skip
