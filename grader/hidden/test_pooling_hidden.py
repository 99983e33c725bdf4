"""Hidden tests, part 4: max, average and global average pooling (through `impl` only)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from numpy.lib.stride_tricks import sliding_window_view

from coursekit import speed
from coursekit.checks import (
    assert_close,
    assert_shape,
    check_dtype,
    numerical_gradient,
    readonly,
    unpack,
)
from coursekit.evidence import evidence
from coursekit.strategies import PoolGeometry, distinct_array
from grader.hidden import torch_ref
from grader.hidden.support import (
    SEEDS,
    call,
    describe,
    examples,
    expect_value_error,
    normal,
    pool_geometry,
)

pytestmark = pytest.mark.pooling

PART = "uv run pytest stages/s13_cnn/pooling"


def distinct(seed: int, shape, dtype=np.float64) -> np.ndarray:
    """Read-only values at least 0.5 apart: no ties, and no kink within a 1e-6 step."""
    return readonly(distinct_array(seed, shape, dtype))


def _what(name, x, pool, stride) -> str:
    return f"{name}(x {describe(x)}, pool={pool!r}, stride={stride!r})"


def _pair(pool):
    return (pool, pool) if isinstance(pool, int) else tuple(pool)


def _step(pool, stride) -> int:
    return _pair(pool)[0] if stride is None else stride


# ---------------------------------------------------------------- the grader's own oracles


def _argmax_first(x, PH, PW, s):
    """(N, H_out, W_out, C) index into the row-major PH*PW window of its first max."""
    win = sliding_window_view(x, (PH, PW), axis=(1, 2))[:, ::s, ::s]   # (N, Ho, Wo, C, PH, PW)
    return win.reshape(*win.shape[:4], PH * PW).argmax(axis=-1)


def _route(x, dout, PH, PW, s, *, overwrite=False, every_max=False):
    """maxpool's dx: dout to the first max of each window, overlaps added up.
    overwrite / every_max: the usual mistakes, to name them in a failure."""
    N, H_out, W_out, C = dout.shape
    win = sliding_window_view(x, (PH, PW), axis=(1, 2))[:, ::s, ::s].reshape(
        N, H_out, W_out, C, PH * PW)
    arg = win.argmax(axis=-1)
    is_max = win == win.max(axis=-1, keepdims=True)
    dx = np.zeros(x.shape, dtype=np.float64)
    for k in range(PH * PW):
        i, j = divmod(k, PW)
        hit = is_max[..., k] if every_max else arg == k
        routed = np.where(hit, dout, 0.0)
        where = (slice(None), slice(i, i + s * H_out, s), slice(j, j + s * W_out, s))
        if overwrite:
            dx[where] = np.where(hit, dout, dx[where])
        else:
            dx[where] += routed
    return dx


def _indices_oracle(x, PH, PW, s):
    """torch's return_indices convention: h * W + w of each (first) max in its plane."""
    arg = _argmax_first(x, PH, PW, s)
    H_out, W_out = arg.shape[1:3]
    rows = np.arange(H_out)[None, :, None, None] * s + arg // PW
    cols = np.arange(W_out)[None, None, :, None] * s + arg % PW
    return rows * x.shape[2] + cols


# ---------------------------------------------------------------- calls


def _maxpool(impl, x, pool, stride, dev, dtype=np.float64):
    what = _what("maxpool_forward", x, pool, stride)
    out, cache = unpack(call(impl.pooling.maxpool_forward, x, pool, stride, what=what),
                        "out", "cache", what=what)
    expected, _ = torch_ref.maxpool_forward(x, pool, stride, dev=dev)
    assert_close(out, expected, what=what + " -> out", dtype=dtype, rtol=0, atol=0,
                 evidence=evidence(impl, "pooling.maxpool_forward", "out"))
    return out, cache


def _maxpool_backward(impl, x, pool, stride, dev, seed, dtype=np.float64):
    out, cache = _maxpool(impl, x, pool, stride, dev, dtype)
    dout = normal(seed + 1, out.shape, dtype)
    what = f"maxpool_backward(dout {describe(dout)}, cache) after " + _what(
        "maxpool_forward", x, pool, stride)
    dx = call(impl.pooling.maxpool_backward, dout, cache, what=what)
    expected = torch_ref.maxpool_backward(x, dout, pool, stride, dev=dev)
    PH, PW = _pair(pool)
    rtol, atol = (1e-12, 1e-12) if dtype == np.float64 else (1e-5, 1e-5)
    assert_close(dx, expected, what=what + " -> dx", dtype=dtype, rtol=rtol, atol=atol,
                 evidence=evidence(impl, "pooling.maxpool_backward", "dx"))
    return dx, cache, dout


def _avgpool_backward(impl, x, pool, stride, dev, seed, dtype=np.float64):
    what = _what("avgpool_forward", x, pool, stride)
    out, cache = unpack(call(impl.pooling.avgpool_forward, x, pool, stride, what=what),
                        "out", "cache", what=what)
    rtol, atol = (1e-10, 1e-12) if dtype == np.float64 else (1e-5, 1e-5)
    assert_close(out, torch_ref.avgpool_forward(x, pool, stride, dev=dev),
                 what=what + " -> out", dtype=dtype, rtol=rtol, atol=atol,
                 evidence=evidence(impl, "pooling.avgpool_forward", "out"))
    dout = normal(seed + 1, out.shape, dtype)
    what = f"avgpool_backward(dout {describe(dout)}, cache) after {what}"
    dx = call(impl.pooling.avgpool_backward, dout, cache, what=what)
    expected = torch_ref.avgpool_backward(x, dout, pool, stride, dev=dev)
    PH, PW = _pair(pool)
    assert_close(dx, expected, what=what + " -> dx", dtype=dtype, rtol=rtol, atol=atol,
                 evidence=evidence(impl, "pooling.avgpool_backward", "dx"))
    return dx, cache, dout


# ---------------------------------------------------------------- max pooling


@pytest.mark.reproduce(f"{PART} -k 'maxpool_hand_case or maxpool_matches_the_reference'")
@examples(60)
@given(g=pool_geometry(), seed=SEEDS)
def test_maxpool_forward_matches_torch(impl, torch_device, g: PoolGeometry, seed):
    """maxpool_forward against torch's F.max_pool2d on random geometries (no ties)."""
    _maxpool(impl, distinct(seed, g.x_shape), g.pool, g.stride, torch_device)


@pytest.mark.reproduce(f"{PART} -k 'maxpool_backward_hand_case or maxpool_matches_the_reference'")
@examples(60)
@given(g=pool_geometry(), seed=SEEDS)
def test_maxpool_backward_matches_torch(impl, torch_device, g: PoolGeometry, seed):
    """maxpool_backward against torch autograd on random geometries, overlaps included."""
    _maxpool_backward(impl, distinct(seed, g.x_shape), g.pool, g.stride, torch_device, seed)


@pytest.mark.reproduce(f"{PART} -k indices")
@examples(25)
@given(g=pool_geometry(), seed=SEEDS)
def test_maxpool_indices_match_torch(impl, torch_device, g: PoolGeometry, seed):
    """MaxPool2D.indices against torch's return_indices: h * W + w of each max."""
    x = distinct(seed, g.x_shape)
    layer = impl.pooling.MaxPool2D(g.pool, g.stride)
    what = f"MaxPool2D({g.pool!r}, {g.stride!r}).forward(x {describe(x)})"
    out = call(layer.forward, x, what=what)
    e_out, e_idx = torch_ref.maxpool_forward(x, g.pool, g.stride, dev=torch_device)
    assert_close(out, e_out, what=what, dtype=np.float64, rtol=0, atol=0,
                 evidence=evidence(impl, "pooling.maxpool_forward", "out"))
    idx = layer.indices
    check_dtype(idx, np.integer, f"{what}: .indices")
    assert_close(idx, e_idx, what=f"{what}: .indices (h * W + w of each max)", rtol=0, atol=0,
                 evidence=evidence(impl, "pooling.MaxPool2D.indices", "indices"))


def _tie_cases():
    """(name, x (1, H, W, C), pool, stride): windows with repeated maxima."""
    plane = np.array([
        [1., 1., 0., 2., 5., 5.],
        [1., 1., 2., 0., 5., 1.],
        [3., 0., 4., 4., 0., 0.],
        [0., 3., 4., 4., 0., 0.],
    ])
    two = np.stack([plane, plane[::-1, ::-1]], axis=-1)[None]  # channels differ
    return [
        ("ties-2x2", two, 2, None),
        ("constant-overlapping", np.full((2, 5, 6, 2), 0.5), 3, 1),
        ("constant-stride-gt-pool", np.full((1, 7, 7, 1), -1.0), 2, 3),
        ("ties-non-square", two, (2, 3), 1),
        ("all-zero", np.zeros((1, 4, 4, 3)), 2, 2),
    ]


@pytest.mark.reproduce(f"{PART} -k ties")
@pytest.mark.parametrize("name, x, pool, stride", _tie_cases(), ids=[c[0] for c in _tie_cases()])
def test_maxpool_ties_go_to_the_first_max(impl, name, x, pool, stride):
    """With tied maxima the gradient (and the index) goes to the first max in row-major window
    order."""
    x = readonly(x)
    PH, PW = _pair(pool)
    s = _step(pool, stride)
    what = _what("maxpool_forward", x, pool, stride)
    out, cache = unpack(call(impl.pooling.maxpool_forward, x, pool, stride, what=what),
                        "out", "cache", what=what)
    windows = sliding_window_view(x, (PH, PW), axis=(1, 2))[:, ::s, ::s]
    assert_shape(out, windows.shape[:4], what,
                 evidence=evidence(impl, "pooling.maxpool_forward", "out"))
    dout = readonly(np.arange(1.0, 1.0 + np.prod(out.shape)).reshape(out.shape))
    what = f"maxpool_backward(dout, cache) with tied maxima ({name}), after {what}"
    dx = call(impl.pooling.maxpool_backward, dout, cache, what=what)
    expected = _route(x, dout, PH, PW, s)
    assert_close(dx, expected, what=what, dtype=np.float64, rtol=0, atol=0,
                 evidence=evidence(impl, "pooling.maxpool_backward", "dx"))
    layer = impl.pooling.MaxPool2D(pool, stride)
    layer.forward(x)
    assert_close(layer.indices, _indices_oracle(x, PH, PW, s), rtol=0, atol=0,
                 what=f"MaxPool2D({pool!r}, {stride!r}).indices with tied maxima ({name}): "
                      "the first max in row-major window order",
                 evidence=evidence(impl, "pooling.MaxPool2D.indices", "indices"))


# ---------------------------------------------------------------- average pooling


@pytest.mark.reproduce(f"{PART} -k 'avgpool_hand_case or avgpool_matches_the_reference'")
@examples(30)
@given(g=pool_geometry(), seed=SEEDS)
def test_avgpool_forward_matches_torch(impl, torch_device, g: PoolGeometry, seed):
    """avgpool_forward against torch's F.avg_pool2d on random geometries."""
    x = normal(seed, g.x_shape)
    what = _what("avgpool_forward", x, g.pool, g.stride)
    out, _ = unpack(call(impl.pooling.avgpool_forward, x, g.pool, g.stride, what=what),
                    "out", "cache", what=what)
    expected = torch_ref.avgpool_forward(x, g.pool, g.stride, dev=torch_device)
    assert_close(out, expected, what=what + " -> out", dtype=np.float64, rtol=1e-10,
                 atol=1e-12, evidence=evidence(impl, "pooling.avgpool_forward", "out"))


@pytest.mark.reproduce(f"{PART} -k 'avgpool_backward_hand_case or avgpool_matches_the_reference'")
@examples(60)
@given(g=pool_geometry(), seed=SEEDS)
def test_avgpool_backward_matches_torch(impl, torch_device, g: PoolGeometry, seed):
    """avgpool_backward against torch autograd: dout / (PH*PW) to every window entry, overlaps
    added."""
    _avgpool_backward(impl, normal(seed, g.x_shape), g.pool, g.stride, torch_device, seed)


@pytest.mark.reproduce(f"{PART} -k global_avgpool")
@examples(20)
@given(g=pool_geometry(), seed=SEEDS)
def test_global_avgpool_matches_torch(impl, torch_device, g: PoolGeometry, seed):
    """global_avgpool_forward and backward against torch."""
    x = normal(seed, g.x_shape)
    what = f"global_avgpool_forward(x {describe(x)})"
    out, cache = unpack(call(impl.pooling.global_avgpool_forward, x, what=what),
                        "out", "cache", what=what)
    assert_close(out, torch_ref.global_avgpool_forward(x, dev=torch_device),
                 what=what + " -> out (N, C)", dtype=np.float64, rtol=1e-10, atol=1e-12,
                 evidence=evidence(impl, "pooling.global_avgpool", "out"))
    dout = normal(seed + 1, (g.N, g.C))
    what = f"global_avgpool_backward(dout {describe(dout)}, cache) after {what}"
    dx = call(impl.pooling.global_avgpool_backward, dout, cache, what=what)
    expected = torch_ref.global_avgpool_backward(x, dout, dev=torch_device)
    assert_close(dx, expected, what=what + " -> dx", dtype=np.float64, rtol=1e-10, atol=1e-12,
                 evidence=evidence(impl, "pooling.global_avgpool", "dx"))


# ---------------------------------------------------------------- gradients, edges, dtypes


SUBJECT_OF_KIND = {"max": "pooling.maxpool_backward", "avg": "pooling.avgpool_backward",
                   "global": "pooling.global_avgpool"}


@pytest.mark.reproduce(f"{PART} -k numerical_gradient")
@pytest.mark.parametrize("kind", ["max", "avg", "global"])
def test_backward_matches_numerical_gradient(impl, ref, kind):
    """Every element of dx against central differences of the reference's forward."""
    x = distinct(5, (2, 5, 7, 3))
    pool, stride = ((2, 3), 2) if kind == "max" else (3, 2)
    if kind == "global":
        what = f"global_avgpool_forward(x {describe(x)})"
        fwd, bwd = impl.pooling.global_avgpool_forward, impl.pooling.global_avgpool_backward
        out, cache = unpack(call(fwd, x, what=what), "out", "cache", what=what)

        def forward(v):
            return ref.pooling.global_avgpool_forward(v)[0]
    else:
        name = f"{kind}pool_forward"
        what = _what(name, x, pool, stride)
        fwd = getattr(impl.pooling, name)
        bwd = getattr(impl.pooling, f"{kind}pool_backward")
        out, cache = unpack(call(fwd, x, pool, stride, what=what), "out", "cache", what=what)

        def forward(v):
            return getattr(ref.pooling, name)(v, pool, stride)[0]
    subject = "pooling.global_avgpool" if kind == "global" else f"pooling.{kind}pool_forward"
    assert_shape(out, forward(x).shape, what, evidence=evidence(impl, subject, "out"))
    dout = normal(6, out.shape)
    dx = call(bwd, dout, cache, what=f"{kind} pooling backward after {what}")
    num = numerical_gradient(lambda v: float(np.sum(forward(v) * dout)), x)
    assert_close(dx, num, what=f"{kind} pooling backward after {what}, vs central differences",
                 dtype=np.float64, rtol=1e-6, atol=1e-7,
                 evidence=evidence(impl, SUBJECT_OF_KIND[kind], "dx"))


@pytest.mark.reproduce(f"{PART} -k 'overlapping or drops_windows'")
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_overlapping_and_leftover_windows(impl, torch_device, kind):
    """stride < pool: gradients of overlapping windows add up; windows that don't fit are
    dropped, and the pixels only they would have held get a zero gradient."""
    x = distinct(8, (2, 8, 9, 2))
    pool, stride = 3, 2            # H_out = 3 (rows 0..6 used, row 7 left over), W_out = 4
    check = _maxpool_backward if kind == "max" else _avgpool_backward
    dx, _, _ = check(impl, x, pool, stride, torch_device, 9)
    leftover = np.zeros(x.shape, bool)
    leftover[:, 7:, :, :] = True
    if not np.all(dx[leftover] == 0):
        raise AssertionError(f"{kind}pool_backward: row 7 of a 8-row input is in no 3x3 window "
                             "at stride 2, so its gradient must be 0")


@pytest.mark.reproduce(f"{PART} -k 'matches_the_reference or stride_defaults'")
@pytest.mark.parametrize(
    "shape, pool, stride",
    [
        ((2, 5, 7, 3), 1, None),           # 1x1 windows: identity
        ((3, 5, 7, 2), (5, 7), 1),         # one window holds the whole plane
        ((1, 9, 8, 2), 2, 3),              # stride larger than the pool: pixels skipped
        ((1, 6, 5, 1), 2, None),           # single image, single channel, 5 not even
        ((2, 7, 9, 3), (3, 2), 2),         # non-square pool
        ((4, 3, 3, 8), 3, None),           # pool as large as the input, stride None
    ],
    ids=["pool-1", "pool-eq-input", "stride-gt-pool", "single-image-channel", "non-square",
         "pool-eq-input-default-stride"],
)
def test_pooling_edge_cases(impl, torch_device, shape, pool, stride):
    """Pools of 1, as large as the input, stride > pool, non-square, one image and channel."""
    x = distinct(sum(shape), shape)
    _maxpool_backward(impl, x, pool, stride, torch_device, 10)
    _avgpool_backward(impl, x, pool, stride, torch_device, 11)


@pytest.mark.reproduce(f"{PART} -k matches_the_reference")
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_pooling_keeps_dtype_and_input(impl, torch_device, dtype):
    """Every function keeps the dtype, accepts read-only inputs, leaves them unchanged, and
    its backward can run twice from the same cache."""
    x = distinct(12, (2, 6, 7, 3), dtype)
    before = np.array(x)
    for check, seed in ((_maxpool_backward, 13), (_avgpool_backward, 14)):
        dx, cache, dout = check(impl, x, 2, None, torch_device, seed, dtype)
        name = "maxpool_backward" if check is _maxpool_backward else "avgpool_backward"
        again = call(getattr(impl.pooling, name), dout, cache, what=f"{name} (a second time)")
        assert_close(again, dx, rtol=0, atol=0,
                     what=f"{name} called again with the same cache (it changed: something in "
                          "the cache was modified in place)")
    what = f"global_avgpool_forward(x {describe(x)})"
    out, cache = unpack(call(impl.pooling.global_avgpool_forward, x, what=what), "out", "cache",
                        what=what)
    assert_close(out, before.astype(np.float64).mean(axis=(1, 2)), what=what, dtype=dtype,
                 rtol=1e-5, atol=1e-6, evidence=evidence(impl, "pooling.global_avgpool", "out"))
    dout = normal(15, out.shape, dtype)
    dx = call(impl.pooling.global_avgpool_backward, dout, cache, what="global_avgpool_backward")
    assert_close(dx, np.broadcast_to(dout[:, None, None, :] / 42, x.shape).astype(np.float64),
                 what=f"global_avgpool_backward(dout {describe(dout)}, cache)", dtype=dtype,
                 rtol=1e-5, atol=1e-6, evidence=evidence(impl, "pooling.global_avgpool", "dx"))
    assert_close(x, before, rtol=0, atol=0, what="the pooling input after all the calls")


@pytest.mark.reproduce(f"{PART} -k non_square")
def test_non_square_pool_needs_a_stride(impl, torch_device):
    """A non-square pool with stride None raises ValueError."""
    x = distinct(16, (1, 6, 6, 2))
    _maxpool(impl, x, (2, 3), 2, torch_device)
    for name in ("maxpool_forward", "avgpool_forward"):
        expect_value_error(getattr(impl.pooling, name), x, (2, 3), None,
                           what=f"{name}(x, pool=(2, 3), stride=None)",
                           why="stride None means stride = pool, which needs a square pool",
                           witness=evidence(impl, "pooling.errors", "raises ValueError"))


@pytest.mark.reproduce(f"{PART} -k layer")
def test_pool_layers(impl, torch_device):
    """MaxPool2D, AvgPool2D and GlobalAvgPool2D forward/backward against torch; params() is empty.
    MaxPool2D, AvgPool2D and GlobalAvgPool2D forward/backward against torch; params() is empty."""
    x = distinct(17, (2, 7, 6, 3))
    dout_pool = normal(18, (2, 3, 2, 3))
    for cls, fwd, bwd in (("MaxPool2D", torch_ref.maxpool_forward, torch_ref.maxpool_backward),
                          ("AvgPool2D", torch_ref.avgpool_forward, torch_ref.avgpool_backward)):
        layer = getattr(impl.pooling, cls)(3, 2)
        what = f"{cls}(3, 2).forward(x {describe(x)})"
        out = call(layer.forward, x, what=what)
        expected = fwd(x, 3, 2, dev=torch_device)
        expected = expected[0] if isinstance(expected, tuple) else expected
        assert_close(out, expected, what=what, dtype=np.float64, rtol=1e-10, atol=1e-12)
        dx = call(layer.backward, dout_pool, what=f"{cls}(3, 2).backward(dout)")
        assert_close(dx, bwd(x, dout_pool, 3, 2, dev=torch_device), dtype=np.float64,
                     what=f"{cls}(3, 2).backward(dout)", rtol=1e-10, atol=1e-12)
        params = list(layer.params())
        if params:
            raise AssertionError(f"{cls}.params() must yield nothing, got {len(params)} items")
    layer = impl.pooling.GlobalAvgPool2D()
    out = call(layer.forward, x, what="GlobalAvgPool2D().forward(x)")
    assert_close(out, torch_ref.global_avgpool_forward(x, dev=torch_device), dtype=np.float64,
                 what="GlobalAvgPool2D().forward(x)", rtol=1e-10, atol=1e-12,
                 evidence=evidence(impl, "pooling.global_avgpool", "out"))
    dout = normal(19, (2, 3))
    assert_close(call(layer.backward, dout, what="GlobalAvgPool2D().backward(dout)"),
                 torch_ref.global_avgpool_backward(x, dout, dev=torch_device), dtype=np.float64,
                 what="GlobalAvgPool2D().backward(dout)", rtol=1e-10, atol=1e-12,
                 evidence=evidence(impl, "pooling.global_avgpool", "dx"))
    if list(layer.params()):
        raise AssertionError("GlobalAvgPool2D.params() must yield nothing")


@pytest.mark.reproduce(PART)
def test_pooling_speed(impl, ref_peer, record_property):
    """Informational (weight 0): the learner's pooling against the reference, as ratios."""
    x = normal(1, (32, 28, 28, 16))
    dout = normal(2, (32, 14, 14, 16))
    timings = {}
    for kind in ("max", "avg"):
        forward = f"{kind}pool_forward"
        backward = f"{kind}pool_backward"
        mine, peer = getattr(impl.pooling, forward), getattr(ref_peer.pooling, forward)
        my_cache, peer_cache = mine(x, 2)[1], peer(x, 2)[1]  # the learner first
        timings[forward] = speed.paired_rounds(
            lambda m=mine: m(x, 2), lambda p=peer: p(x, 2), warmup=0
        )
        mine, peer = getattr(impl.pooling, backward), getattr(ref_peer.pooling, backward)
        timings[backward] = speed.paired_rounds(
            lambda m=mine, c=my_cache: m(dout, c), lambda p=peer, c=peer_cache: p(dout, c)
        )
    speed.report(record_property, "pooling", timings, getattr(impl, "kind", None))
