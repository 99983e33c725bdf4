"""Hidden tests, part 3: convolution forward, backward and the Conv2D layer (via `impl`)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from coursekit import speed
from coursekit.checks import assert_close, check_dtype, numerical_gradient, unpack
from coursekit.evidence import evidence
from coursekit.strategies import ConvGeometry
from grader.hidden import torch_ref
from grader.hidden.support import (
    SEEDS,
    call,
    check_he,
    conv_geometry,
    describe,
    examples,
    normal,
)

pytestmark = pytest.mark.conv

PART = "uv run pytest stages/s13_cnn/conv"


def _inputs(g: ConvGeometry, seed: int, dtype=np.float64):
    x = normal(seed, (g.N, g.H, g.W, g.C), dtype)
    w = normal(seed + 1, (g.KH, g.KW, g.C, g.F), dtype)
    b = normal(seed + 2, (g.F,), dtype)
    return x, w, b


def _what(name: str, x, w, b, stride: int, pad: int) -> str:
    return f"{name}(x {describe(x)}, w {describe(w)}, b {describe(b)}, stride={stride}, pad={pad})"


def _forward(impl, x, w, b, stride, pad):
    what = _what("conv_forward", x, w, b, stride, pad)
    result = call(impl.conv.conv_forward, x, w, b, stride, pad, what=what)
    out, cache = unpack(result, "out", "cache", what=what)
    return out, cache, what


def _check_forward(impl, x, w, b, stride, pad, dev, dtype=np.float64):
    out, cache, what = _forward(impl, x, w, b, stride, pad)
    expected = torch_ref.conv_forward(x, w, b, stride, pad, dev=dev)
    rtol, atol = (1e-7, 1e-9) if dtype == np.float64 else (1e-4, 1e-4)
    assert_close(out, expected, what=f"{what} -> out", dtype=dtype, rtol=rtol, atol=atol,
                 evidence=evidence(impl, "conv.conv_forward", "out"))
    return out, cache


def _check_backward(impl, x, w, b, stride, pad, dev, seed, dtype=np.float64):
    out, cache = _check_forward(impl, x, w, b, stride, pad, dev, dtype)
    dout = normal(seed + 3, out.shape, dtype)
    what = f"conv_backward(dout {describe(dout)}, cache) after " + _what(
        "conv_forward", x, w, b, stride, pad)
    result = call(impl.conv.conv_backward, dout, cache, what=what)
    dx, dw, db = unpack(result, "dx", "dw", "db", what=what)
    e_dx, e_dw, e_db = torch_ref.conv_backward(x, w, b, dout, stride, pad, dev=dev)
    f_dx, f_dw, _ = torch_ref.conv_backward(x, w[::-1, ::-1], b, dout, stride, pad, dev=dev)
    rtol, atol = (1e-7, 1e-9) if dtype == np.float64 else (1e-4, 1e-4)
    assert_close(dx, e_dx, what=f"{what} -> dx", dtype=dtype, rtol=rtol, atol=atol,
                 evidence=evidence(impl, "conv.conv_backward", "dx"))
    assert_close(dw, e_dw, what=f"{what} -> dw", dtype=dtype, rtol=rtol, atol=atol,
                 evidence=evidence(impl, "conv.conv_backward", "dw"))
    assert_close(db, e_db, what=f"{what} -> db", dtype=dtype, rtol=rtol, atol=atol,
                 evidence=evidence(impl, "conv.conv_backward", "db"))
    return dx, dw, db, cache, dout


@pytest.mark.reproduce(f"{PART} -k 'conv_forward_hand_cases or conv_forward_matches_the_reference'")
@examples(60)
@given(g=conv_geometry(), seed=SEEDS)
def test_forward_matches_torch(impl, torch_device, g, seed):
    """conv_forward against torch's F.conv2d in float64 on random geometries."""
    x, w, b = _inputs(g, seed)
    _check_forward(impl, x, w, b, g.stride, g.pad, torch_device)


@pytest.mark.reproduce(f"{PART} -k conv_forward_naive")
@examples(12)
@given(g=conv_geometry(max_size=9, max_channels=4), seed=SEEDS)
def test_forward_naive_matches_torch(impl, torch_device, g, seed):
    """conv_forward_naive against torch's F.conv2d on random (small) geometries."""
    x, w, b = _inputs(g, seed)
    what = _what("conv_forward_naive", x, w, b, g.stride, g.pad)
    got = call(impl.conv.conv_forward_naive, x, w, b, g.stride, g.pad, what=what)
    expected = torch_ref.conv_forward(x, w, b, g.stride, g.pad, dev=torch_device)
    assert_close(got, expected, what=what, dtype=np.float64,
                 evidence=evidence(impl, "conv.conv_forward_naive", "out"))


@pytest.mark.reproduce(f"{PART} -k 'backward_hand_case or backward_matches_the_reference'")
@examples(60)
@given(g=conv_geometry(), seed=SEEDS)
def test_backward_matches_torch(impl, torch_device, g, seed):
    """conv_backward's dx, dw and db against torch autograd on random geometries."""
    x, w, b = _inputs(g, seed)
    _check_backward(impl, x, w, b, g.stride, g.pad, torch_device, seed)


@pytest.mark.reproduce(f"{PART} -k conv_backward_matches_numerical_gradient")
@pytest.mark.parametrize(
    "shape, kshape, stride, pad",
    [((2, 5, 6, 2), (3, 2, 2, 3), 2, 1), ((1, 4, 5, 3), (1, 3, 3, 2), 1, 0)],
    ids=["stride-2-pad-1", "non-square-stride-1"],
)
def test_backward_matches_numerical_gradient(impl, ref, shape, kshape, stride, pad):
    """Every element of dx, dw and db against central differences of the reference's
    forward pass (an oracle independent of torch), for L = sum(out * dout)."""
    x, w, b = normal(1, shape), normal(2, kshape), normal(3, kshape[3:])
    out, cache, what = _forward(impl, x, w, b, stride, pad)
    dout = normal(4, out.shape if isinstance(out, np.ndarray) else (1,))
    dx, dw, db = unpack(call(impl.conv.conv_backward, dout, cache, what=what),
                        "dx", "dw", "db", what=f"conv_backward after {what}")

    def loss(xx, ww, bb):
        return float(np.sum(ref.conv.conv_forward(xx, ww, bb, stride, pad)[0] * dout))

    num_dx = numerical_gradient(lambda v: loss(v, w, b), x)
    num_dw = numerical_gradient(lambda v: loss(x, v, b), w)
    num_db = numerical_gradient(lambda v: loss(x, w, v), b)
    where = f"conv_backward(dout, cache) after {what}, vs central differences, "
    assert_close(dx, num_dx, what=where + "dx", rtol=1e-6, atol=1e-6,
                 evidence=evidence(impl, "conv.conv_backward", "dx"))
    assert_close(dw, num_dw, what=where + "dw", rtol=1e-6, atol=1e-6,
                 evidence=evidence(impl, "conv.conv_backward", "dw"))
    assert_close(db, num_db, what=where + "db", rtol=1e-6, atol=1e-6,
                 evidence=evidence(impl, "conv.conv_backward", "db"))


@pytest.mark.reproduce(f"{PART} -k without_input_grad")
@examples(15)
@given(g=conv_geometry(), seed=SEEDS)
def test_param_grads_match_torch(impl, torch_device, g, seed):
    """conv_param_grads' dw and db against torch autograd."""
    x, w, b = _inputs(g, seed)
    out, cache, what = _forward(impl, x, w, b, g.stride, g.pad)
    dout = normal(seed + 3, out.shape if isinstance(out, np.ndarray) else (1,))
    what = f"conv_param_grads(dout {describe(dout)}, cache) after {what}"
    dw, db = unpack(call(impl.conv.conv_param_grads, dout, cache, what=what), "dw", "db",
                    what=what)
    _, e_dw, e_db = torch_ref.conv_backward(x, w, b, dout, g.stride, g.pad,
                                            dev=torch_device)
    assert_close(dw, e_dw, what=f"{what} -> dw", dtype=np.float64,
                 evidence=evidence(impl, "conv.conv_param_grads", "dw"))
    assert_close(db, e_db, what=f"{what} -> db", dtype=np.float64,
                 evidence=evidence(impl, "conv.conv_param_grads", "db"))


@pytest.mark.reproduce(f"{PART} -k 'matches_the_reference or attributes_shapes_and_dtype'")
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_dtypes_are_kept(impl, torch_device, dtype):
    """float32 in, float32 out (and float64): forward, backward, naive."""
    g = ConvGeometry(N=2, H=7, W=6, C=3, KH=3, KW=3, F=4, stride=1, pad=1)
    x, w, b = _inputs(g, 21, dtype)
    _, dw, db, cache, dout = _check_backward(impl, x, w, b, 1, 1, torch_device, 21, dtype)
    what = f"conv_param_grads(dout {describe(dout)}, cache)"
    p_dw, p_db = unpack(call(impl.conv.conv_param_grads, dout, cache, what=what), "dw", "db",
                        what=what)
    assert_close(p_dw, dw, what=f"{what} -> dw (as conv_backward's)", dtype=dtype,
                 evidence=evidence(impl, "conv.conv_param_grads", "dw"))
    assert_close(p_db, db, what=f"{what} -> db (as conv_backward's)", dtype=dtype,
                 evidence=evidence(impl, "conv.conv_param_grads", "db"))
    what = _what("conv_forward_naive", x, w, b, 1, 1)
    naive = call(impl.conv.conv_forward_naive, x, w, b, 1, 1, what=what)
    expected = torch_ref.conv_forward(x, w, b, 1, 1, dev=torch_device)
    assert_close(naive, expected, what=what, dtype=dtype, rtol=1e-4, atol=1e-4,
                 evidence=evidence(impl, "conv.conv_forward_naive", "out"))


@pytest.mark.reproduce(f"{PART} -k cache_reusable")
def test_no_writes_and_cache_reusable(impl, torch_device):
    """Read-only inputs everywhere, and backward twice from one cache gives the same."""
    g = ConvGeometry(N=2, H=6, W=7, C=2, KH=3, KW=2, F=3, stride=2, pad=1)
    x, w, b = _inputs(g, 31)
    copies = [np.array(a) for a in (x, w, b)]
    dx, dw, db, cache, dout = _check_backward(impl, x, w, b, 2, 1, torch_device, 31)
    again = unpack(call(impl.conv.conv_backward, dout, cache, what="conv_backward (twice)"),
                   "dx", "dw", "db", what="conv_backward")
    for name, first, second in zip(("dx", "dw", "db"), (dx, dw, db), again, strict=True):
        assert_close(second, first, rtol=0, atol=0,
                     what=f"conv_backward called a second time with the same cache -> {name} "
                          "(it changed: something in the cache was modified in place)")
    for name, before, after in zip(("x", "w", "b"), copies, (x, w, b), strict=True):
        assert_close(after, before, rtol=0, atol=0, what=f"conv_forward's {name} after the call")


@pytest.mark.reproduce(f"{PART} -k matches_the_reference")
@pytest.mark.parametrize(
    "shape, kshape, stride, pad",
    [
        ((2, 5, 7, 3), (1, 1, 3, 4), 1, 0),    # 1x1 kernel
        ((2, 3, 5, 2), (7, 9, 2, 3), 1, 2),    # kernel as large as the padded input
        ((1, 9, 8, 2), (2, 2, 2, 3), 3, 0),    # stride larger than the kernel
        ((1, 5, 5, 1), (3, 3, 1, 1), 1, 1),    # single image, single channel, one filter
        ((3, 7, 5, 4), (1, 5, 4, 2), 2, 3),    # non-square, more padding than needed
        ((4, 9, 11, 1), (7, 3, 1, 5), 3, 3),   # large kernel, stride 3, pad 3
    ],
    ids=["kernel-1", "kernel-eq-padded", "stride-gt-kernel", "single-image-channel",
         "non-square", "big-kernel"],
)
def test_edge_geometries(impl, torch_device, shape, kshape, stride, pad):
    """Forward and backward against torch for 1x1 kernels, kernels as large as the padded input,
    stride > kernel, ..."""
    x, w, b = normal(sum(shape), shape), normal(sum(kshape), kshape), normal(5, kshape[3:])
    _check_backward(impl, x, w, b, stride, pad, torch_device, 41)


@pytest.mark.reproduce(f"{PART} -k conv2d")
def test_conv2d_layer(impl, torch_device):
    """Conv2D: assigned parameters are used, backward sets dw/db, params() yields the live triples,
    input_grad=False."""
    layer = impl.conv.Conv2D(3, 4, (3, 2), stride=2, pad=1, rng=5)
    w, b = layer.w, layer.b
    assert_close(np.asarray(b), np.zeros(4), what="Conv2D(3, 4, (3, 2)).b", dtype=np.float64,
                 rtol=0, atol=0, evidence=evidence(impl, "conv.Conv2D.init", "b"))
    if not isinstance(w, np.ndarray) or w.shape != (3, 2, 3, 4):
        raise AssertionError(f"Conv2D(3, 4, (3, 2)).w must be an array of shape (3, 2, 3, 4) "
                             f"(KH, KW, C_in, C_out), got {getattr(w, 'shape', type(w))}")
    # parameters change by assignment (the seam's rule); forward uses the new values
    w2, b2 = normal(51, w.shape), normal(52, (4,))
    layer.w, layer.b = w2, b2
    x = normal(53, (2, 7, 6, 3))
    what = f"Conv2D(3, 4, (3, 2), stride=2, pad=1) with w, b assigned: forward(x {describe(x)})"
    out = call(layer.forward, x, what=what)
    assert_close(out, torch_ref.conv_forward(x, w2, b2, 2, 1, dev=torch_device), what=what,
                 dtype=np.float64, evidence=evidence(impl, "conv.Conv2D", "out"))
    dout = normal(54, out.shape)
    dx = call(layer.backward, dout, what="Conv2D.backward(dout)")
    e_dx, e_dw, e_db = torch_ref.conv_backward(x, w2, b2, dout, 2, 1, dev=torch_device)
    assert_close(dx, e_dx, what="Conv2D.backward(dout) -> dx", dtype=np.float64,
                 evidence=evidence(impl, "conv.Conv2D", "dx"))
    assert_close(layer.dw, e_dw, what="Conv2D.dw after backward", dtype=np.float64,
                 evidence=evidence(impl, "conv.Conv2D", "dw"))
    assert_close(layer.db, e_db, what="Conv2D.db after backward", dtype=np.float64,
                 evidence=evidence(impl, "conv.Conv2D", "db"))
    params = list(layer.params())
    names = [p[0] for p in params] if all(isinstance(p, tuple) and len(p) == 3
                                          for p in params) else params
    if names != ["w", "b"]:
        raise AssertionError(f"Conv2D.params() must yield ('w', w, dw) then ('b', b, db); "
                             f"got names {names}")
    expected_params = ((w2, e_dw), (b2, e_db))
    for (name, value, grad), (e_value, e_grad) in zip(params, expected_params, strict=True):
        assert_close(value, e_value, what=f"Conv2D.params() {name!r} value", rtol=0, atol=0)
        assert_close(grad, e_grad, what=f"Conv2D.params() {name!r} gradient")
    # a first layer: no dx, but dw and db
    layer.input_grad = False
    layer.forward(x)
    dout2 = normal(55, out.shape)
    got = call(layer.backward, dout2, what="Conv2D.backward with input_grad = False")
    if got is not None:
        said = evidence(impl, "conv.Conv2D", "backward returns None").lines()
        raise AssertionError("Conv2D.backward must return None when input_grad is False "
                             f"(a first layer has no use for dx); got {type(got).__name__}"
                             + "".join(f"\n  {line}" for line in said))
    _, e_dw2, e_db2 = torch_ref.conv_backward(x, w2, b2, dout2, 2, 1, dev=torch_device)
    assert_close(layer.dw, e_dw2, what="Conv2D.dw after backward with input_grad = False",
                 evidence=evidence(impl, "conv.Conv2D", "dw with input_grad False"))
    assert_close(layer.db, e_db2, what="Conv2D.db after backward with input_grad = False",
                 evidence=evidence(impl, "conv.Conv2D", "db"))


@pytest.mark.reproduce(f"{PART} -k he_initialisation")
def test_conv2d_he_initialisation(impl):
    """Conv2D's weights: std sqrt(2 / fan_in) and mean 0 on big layers, zero biases, dtype, seeding.
    Conv2D's weights: std sqrt(2 / fan_in) and mean 0 on big layers, zero biases, dtype, seeding."""
    for (cin, cout, k), dtype in (((64, 128, 3), np.float64), ((40, 64, (3, 5)), np.float32)):
        KH, KW = (k, k) if isinstance(k, int) else k
        what = f"Conv2D({cin}, {cout}, {k}, rng=0, dtype={np.dtype(dtype).name})"
        layer = impl.conv.Conv2D(cin, cout, k, rng=0, dtype=dtype)
        w, b, dw, db = layer.w, layer.b, layer.dw, layer.db
        for name, arr, shape in (("w", w, (KH, KW, cin, cout)), ("b", b, (cout,)),
                                 ("dw", dw, (KH, KW, cin, cout)), ("db", db, (cout,))):
            check_dtype(arr, dtype, f"{what}.{name}")
            if name != "w":
                assert_close(arr, np.zeros(shape), what=f"{what}.{name} (zeros)", rtol=0, atol=0)
            elif arr.shape != shape:
                raise AssertionError(f"{what}.w: expected shape {shape} (KH, KW, C_in, C_out), "
                                     f"got {arr.shape}")
        check_he(w, KH * KW * cin, what, witness=evidence(impl, "conv.Conv2D.init", "w"))
    first = impl.conv.Conv2D(4, 8, 3, rng=1).w
    again = impl.conv.Conv2D(4, 8, 3, rng=1).w
    other = impl.conv.Conv2D(4, 8, 3, rng=2).w
    assert_close(again, first, what="Conv2D(4, 8, 3, rng=1).w twice (the same seed must give "
                 "the same weights: draw from np.random.default_rng(rng))", rtol=0, atol=0)
    if np.array_equal(first, other):
        raise AssertionError("Conv2D(..., rng=1) and Conv2D(..., rng=2) have the same weights: "
                             "draw them from np.random.default_rng(rng)")


@pytest.mark.reproduce(PART)
def test_conv_speed(impl, ref_peer, record_property):
    """Informational (weight 0): the learner's conv against the reference, as ratios."""
    x, w, b = normal(1, (16, 28, 28, 8)), normal(2, (5, 5, 8, 16)), normal(3, (16,))
    dout = normal(4, (16, 28, 28, 16))
    timings = {}
    mine, peer = impl.conv, ref_peer.conv
    my_cache = mine.conv_forward(x, w, b, 1, 2)[1]  # the learner first: a stub fails here
    peer_cache = peer.conv_forward(x, w, b, 1, 2)[1]
    timings["conv_forward"] = speed.paired_rounds(
        lambda: mine.conv_forward(x, w, b, 1, 2),
        lambda: peer.conv_forward(x, w, b, 1, 2),
        warmup=0,
    )
    timings["conv_backward"] = speed.paired_rounds(
        lambda: mine.conv_backward(dout, my_cache), lambda: peer.conv_backward(dout, peer_cache)
    )
    speed.report(record_property, "conv", timings, getattr(impl, "kind", None))
