"""Part 3, convolution: conv_forward_naive, conv_forward, conv_backward and Conv2D.

Run just this part:   uv run pytest stages/s13_cnn/conv      (or: -m conv)
The tests climb a ladder: cases you can check by hand, then random geometries against
the reference's results (precomputed, in expected.npz) and your fast version against your
naive one, then gradients against central differences of your own forward, then the
Conv2D layer. Fix the first failing rung first.
"""

import numpy as np
import pytest
from hypothesis import given

from coursekit.anchors import CONV_GRAD, CONV_REUSE
from coursekit.checks import (
    assert_close,
    assert_shape,
    assert_unchanged,
    check_dtype,
    numerical_gradient,
    readonly,
    unpack,
)
from coursekit.evidence import evidence
from coursekit.expected import (
    CONV_CASES,
    CONV_FIRST_LAYER,
    CONV_LAYER,
    CONV_LAYER_F32,
    CONV_PARAMS,
    ConvCase,
    lookup,
)
from coursekit.strategies import ConvGeometry, conv_geometries, float_dtypes, seeds

pytestmark = pytest.mark.conv


def random_conv(g: ConvGeometry, seed: int, dtype=np.float64):
    """Read-only x, w, b and dout for geometry g."""
    return ConvCase("", g, seed, dtype).inputs()


def conv_out(impl, x, w, b, stride=1, pad=0):
    """The out of conv_forward(...) -> (out, cache)."""
    result = impl.conv.conv_forward(x, w, b, stride, pad)
    return unpack(result, "out", "cache", what="conv_forward")[0]


def backward(impl, dout, x, w, b, stride=1, pad=0):
    """conv_forward then conv_backward -> (dx, dw, db)."""
    result = impl.conv.conv_forward(x, w, b, stride, pad)
    _, cache = unpack(result, "out", "cache", what="conv_forward")
    grads = impl.conv.conv_backward(dout, cache)
    return unpack(grads, "dx", "dw", "db", what="conv_backward")


def check_grad(got, case: ConvCase, name: str, what: str, **kwargs) -> None:
    """got (dx, dw or db) against the reference's, naming the known mistakes."""
    assert_close(
        got, lookup("conv", case.name, name), what=what,
        layout="HWCF" if name == "dw" else "NHWC", **kwargs,
    )  # fmt: skip


# Hand-checked inputs -------------------------------------------------------------------

EDGE_IMAGE = np.array([[0, 0, 0, 1, 1]] * 5, dtype=float).reshape(1, 5, 5, 1)  # dark | bright
VERTICAL_EDGE = np.array([[1, 0, -1]] * 3, dtype=float).reshape(3, 3, 1, 1)
# out[h, v] = sum over rows i of (x[h+i, v] - x[h+i, v+2]): 0 - 0, 0 - 1, 0 - 1 on each row
EDGE_OUT = np.array([[0, -3, -3]] * 3, dtype=float).reshape(1, 3, 3, 1)

TWO_CHANNELS = np.zeros((1, 3, 3, 2))
TWO_CHANNELS[0, :, :, 0] = np.arange(1.0, 10.0).reshape(3, 3)  # 1 2 3 / 4 5 6 / 7 8 9
TWO_CHANNELS[0, :, :, 1] = 10 * TWO_CHANNELS[0, :, :, 0]  # 10 20 30 / ...
PICKERS = np.zeros((2, 2, 2, 2))
PICKERS[:, :, 0, 0] = 1  # filter 0: the sum of channel 0 over the window
PICKERS[1, 1, 1, 1] = 1  # filter 1: the bottom-right pixel of channel 1
PICKERS_B = np.array([1.0, -1.0])
# stride 2, pad 1: 2x2 windows at rows and columns 0 and 2 of the 5x5 padded image.
# filter 0: [0 0; 0 1] = 1, [0 0; 2 3] = 5, [0 4; 0 7] = 11, [5 6; 8 9] = 28, plus 1
# filter 1: bottom-right pixels 10, 30, 70, 90, minus 1
PICKERS_OUT = np.zeros((1, 2, 2, 2))
PICKERS_OUT[0, :, :, 0] = [[2, 6], [12, 29]]
PICKERS_OUT[0, :, :, 1] = [[9, 29], [69, 89]]

# flipped, filter 1 picks the top-left pixel of each window: 0, 0, 0 and the 50, minus 1
PICKERS_FLIPPED = PICKERS_OUT.copy()
PICKERS_FLIPPED[0, :, :, 1] = [[-1, -1], [-1, 49]]

HAND_CASES = {  # name: (x, w, b, stride, pad, expected out, {mistake: its out})
    "vertical_edge": (
        EDGE_IMAGE, VERTICAL_EDGE, np.zeros(1), 1, 0, EDGE_OUT,
        {"kernel flipped": -EDGE_OUT},  # the flipped filter is [-1, 0, 1]
    ),
    "stride2_pad1_bias_2channels": (
        TWO_CHANNELS, PICKERS, PICKERS_B, 2, 1, PICKERS_OUT,
        {"kernel flipped": PICKERS_FLIPPED, "bias left out": PICKERS_OUT - PICKERS_B},
    ),
}  # fmt: skip


# Rung 1: hand-checked cases ------------------------------------------------------------


@pytest.mark.parametrize("case", HAND_CASES)
def test_conv_forward_naive_hand_cases(impl, case):
    """A vertical-edge filter on a 5x5 image; stride 2 with pad 1, two channels and a bias."""
    x, w, b, stride, pad, expected, alt = HAND_CASES[case]
    x, w, b = readonly(x, w, b)
    got = impl.conv.conv_forward_naive(x, w, b, stride, pad)
    what = f"conv_forward_naive, hand case {case}"
    assert_close(
        got,
        expected,
        what=what,
        dtype=np.float64,
        evidence=evidence(impl, "conv.conv_forward_naive", "out"),
    )


@pytest.mark.parametrize("case", HAND_CASES)
def test_conv_forward_hand_cases(impl, case):
    """conv_forward returns (out, cache) with the same numbers as the hand cases."""
    x, w, b, stride, pad, expected, alt = HAND_CASES[case]
    out = conv_out(impl, *readonly(x, w, b), stride, pad)
    assert_close(
        out,
        expected,
        what=f"conv_forward, hand case {case}",
        evidence=evidence(impl, "conv.conv_forward", "out"),
    )


def test_conv_backward_hand_case(impl):
    """x = 1..9 (3x3), w = [[1, 2], [3, 4]], dout = ones (2x2)."""
    x = readonly(np.arange(1.0, 10.0).reshape(1, 3, 3, 1))
    w = readonly(np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(2, 2, 1, 1))
    b, dout = readonly(np.array([0.5]), np.ones((1, 2, 2, 1)))
    _, cache = unpack(impl.conv.conv_forward(x, w, b), "out", "cache", what="conv_forward")
    dx, dw, db = unpack(
        impl.conv.conv_backward(dout, cache), "dx", "dw", "db", what="conv_backward"
    )
    # dx[p, q] sums the w[i, j] of every window that covers (p, q)
    expected_dx = np.array([[1, 3, 2], [4, 10, 6], [3, 7, 4]], dtype=float).reshape(1, 3, 3, 1)
    # dw[i, j] sums the 2x2 block of x that starts at (i, j)
    expected_dw = np.array([[12, 16], [24, 28]], dtype=float).reshape(2, 2, 1, 1)
    # with the kernel flipped, both come out turned by 180 degrees
    what = "conv_backward dx, hand case"
    assert_close(
        dx,
        expected_dx,
        what=what,
        dtype=np.float64,
        evidence=evidence(impl, "conv.conv_backward", "dx"),
    )
    assert_close(
        dw,
        expected_dw,
        what="conv_backward dw, hand case",
        dtype=np.float64,
        layout="HWCF",
        evidence=evidence(impl, "conv.conv_backward", "dw"),
    )
    assert_close(
        db,
        np.array([4.0]),
        what="conv_backward db (a sum over N, H_out, W_out)",
        evidence=evidence(impl, "conv.conv_backward", "db"),
    )


# Rung 2: random geometries against the reference's precomputed results ----------------

RANDOM_CASES = [c for c in CONV_CASES if c.name.startswith("random")]


@pytest.mark.parametrize("case", RANDOM_CASES, ids=lambda c: c.name)
def test_conv_forward_naive_matches_the_reference(impl, case):
    """Any geometry: non-square, stride > 1, pad > 0, C = 1, N = 1; x's dtype kept."""
    g, (x, w, b, _) = case.g, case.inputs()
    got = impl.conv.conv_forward_naive(x, w, b, g.stride, g.pad)
    expected = lookup("conv", case.name, "out")
    what = f"conv_forward_naive for {g}"
    assert_close(
        got,
        expected,
        what=what,
        dtype=case.dtype,
        evidence=evidence(impl, "conv.conv_forward_naive", "out"),
    )


def check_the_stored_case(impl, backward_too: bool = True) -> None:
    """A property of your own functions holds for zeros too: first, one stored case (the
    forward property checks the forward only, so it does not wait for your backward)."""
    case = RANDOM_CASES[0]
    g, (x, w, b, dout) = case.g, case.inputs()
    what = f"for {g} (the stored case a property starts from)"
    naive = impl.conv.conv_forward_naive(x, w, b, g.stride, g.pad)
    assert_close(naive, lookup("conv", case.name, "out"), what=f"conv_forward_naive {what}",
                 evidence=evidence(impl, "conv.conv_forward_naive", "out"))
    if not backward_too:
        return
    for name, got in zip(("dx", "dw", "db"), backward(impl, dout, x, w, b, g.stride, g.pad),
                         strict=True):
        check_grad(got, case, name, f"conv_backward {name} {what}",
                   evidence=evidence(impl, "conv.conv_backward", name))


@given(g=conv_geometries(), seed=seeds, dtype=float_dtypes)
def test_conv_forward_matches_your_naive_version(impl, g, seed, dtype):
    """The fast version gives the same numbers as your four loops, in x's dtype."""
    check_the_stored_case(impl, backward_too=False)
    x, w, b, _ = random_conv(g, seed, dtype)
    naive = impl.conv.conv_forward_naive(x, w, b, g.stride, g.pad)
    out = conv_out(impl, x, w, b, g.stride, g.pad)
    assert_close(
        out,
        naive,
        what=f"conv_forward vs your conv_forward_naive for {g}",
        dtype=dtype,
        evidence=evidence(impl, "conv.conv_forward", "out"),
    )


@pytest.mark.parametrize("case", RANDOM_CASES[::3], ids=lambda c: c.name)
def test_conv_forward_matches_the_reference(impl, case):
    """The same, against the reference directly (in case both of yours share a mistake)."""
    g, (x, w, b, _) = case.g, case.inputs()
    out = conv_out(impl, x, w, b, g.stride, g.pad)
    expected = lookup("conv", case.name, "out")
    what = f"conv_forward for {g}"
    assert_close(
        out,
        expected,
        what=what,
        dtype=case.dtype,
        evidence=evidence(impl, "conv.conv_forward", "out"),
    )


# Rung 3: gradients ----------------------------------------------------------------------

@pytest.mark.parametrize("name", CONV_GRAD)
def test_conv_backward_matches_numerical_gradient(impl, name):
    """dx, dw, db of L = sum(out * dout) against central differences of your own
    conv_forward (itself checked against the stored out), every element, float64."""
    case = CONV_GRAD[name]
    g, (x, w, b, dout) = case.g, case.inputs()  # seed 11
    out = conv_out(impl, x, w, b, g.stride, g.pad)
    assert_close(out, lookup("conv", case.name, "out"), what=f"conv_forward for {g}",
                 evidence=evidence(impl, "conv.conv_forward", "out"))
    dx, dw, db = backward(impl, dout, x, w, b, g.stride, g.pad)

    def loss(x, w, b):
        return float(np.vdot(conv_out(impl, x, w, b, g.stride, g.pad), dout))

    tol = dict(rtol=1e-5, atol=1e-7)
    assert_close(
        dx,
        numerical_gradient(lambda x_: loss(x_, w, b), x),
        what=f"dx for {g}",
        **tol,
        evidence=evidence(impl, "conv.conv_backward", "dx"),
    )
    assert_close(
        dw,
        numerical_gradient(lambda w_: loss(x, w_, b), w),
        what=f"dw for {g}",
        **tol,
        evidence=evidence(impl, "conv.conv_backward", "dw"),
    )
    assert_close(
        db,
        numerical_gradient(lambda b_: loss(x, w, b_), b),
        what=f"db for {g}",
        **tol,
        evidence=evidence(impl, "conv.conv_backward", "db"),
    )


@given(g=conv_geometries(), seed=seeds)
def test_conv_backward_is_the_adjoint_of_your_forward(impl, g, seed):
    """conv is linear in x, in w and in b, so for any u: <dx, u> = <dout, conv(u, w, 0)>,
    <dw, u> = <dout, conv(x, u, 0)> and <db, u> = <dout, conv(0, 0, u)>, exactly."""
    check_the_stored_case(impl)
    x, w, b, dout = random_conv(g, seed)
    u_x, u_w, u_b, _ = random_conv(g, seed + 100)
    dx, dw, db = backward(impl, dout, x, w, b, g.stride, g.pad)
    zero_b, zero_x = readonly(np.zeros(g.F), np.zeros(g.x_shape))
    for name, grad, u, out in [
        ("dx", dx, u_x, conv_out(impl, u_x, w, zero_b, g.stride, g.pad)),
        ("dw", dw, u_w, conv_out(impl, x, u_w, zero_b, g.stride, g.pad)),
        ("db", db, u_b, conv_out(impl, zero_x, w, u_b, g.stride, g.pad)),
    ]:
        assert_shape(grad, u.shape, f"conv_backward {name} for {g}")
        assert_close(
            float(np.vdot(grad, u)), float(np.vdot(dout, out)),
            what=f"<{name}, u> vs <dout, conv_forward(...)> for {g}", rtol=1e-6, atol=1e-8,
        )  # fmt: skip


@pytest.mark.parametrize("case", RANDOM_CASES, ids=lambda c: c.name)
def test_conv_backward_matches_the_reference(impl, case):
    """Any geometry; dx in dout's dtype, dw and db in w's dtype."""
    g, (x, w, b, dout) = case.g, case.inputs()
    grads = backward(impl, dout, x, w, b, g.stride, g.pad)
    for name, got in zip(("dx", "dw", "db"), grads, strict=True):
        check_grad(
            got,
            case,
            name,
            f"conv_backward {name} for {g}",
            dtype=case.dtype,
            evidence=evidence(impl, "conv.conv_backward", name),
        )


@pytest.mark.parametrize("case", RANDOM_CASES[::4], ids=lambda c: c.name)
def test_conv_param_grads_match_the_reference(impl, case):
    """dw and db alone, from the cache of conv_forward: what a first layer needs."""
    g, (x, w, b, dout) = case.g, case.inputs()
    _, cache = unpack(
        impl.conv.conv_forward(x, w, b, g.stride, g.pad), "out", "cache", what="conv_forward"
    )
    grads = unpack(impl.conv.conv_param_grads(dout, cache), "dw", "db", what="conv_param_grads")
    for name, got in zip(("dw", "db"), grads, strict=True):
        check_grad(
            got,
            case,
            name,
            f"conv_param_grads {name} for {g}",
            dtype=case.dtype,
            evidence=evidence(impl, "conv.conv_param_grads", name),
        )


def test_conv_backward_leaves_the_cache_reusable(impl):
    """A second backward on the same cache gives the same gradients: nothing was overwritten."""
    g, (x, w, b, dout) = CONV_REUSE.g, CONV_REUSE.inputs()  # seed 5
    _, cache = unpack(
        impl.conv.conv_forward(x, w, b, g.stride, g.pad), "out", "cache", what="conv_forward"
    )
    first = unpack(impl.conv.conv_backward(dout, cache), "dx", "dw", "db", what="conv_backward")
    for name, got in zip(("dx", "dw", "db"), first, strict=True):
        check_grad(got, CONV_REUSE, name, f"{name} of the first conv_backward for {g}",
                   evidence=evidence(impl, "conv.conv_backward", name))
    first = [np.array(a, copy=True) for a in first]
    second = impl.conv.conv_backward(dout, cache)
    for name, a, b_ in zip(("dx", "dw", "db"), first, second, strict=True):
        assert_close(b_, a, what=f"{name} of a second conv_backward on the same cache")


# Rung 4: the Conv2D layer ---------------------------------------------------------------


def test_conv2d_he_initialisation(impl):
    """w ~ N(0, 2 / fan_in) with fan_in = KH*KW*C_in; b zeros; shapes (KH, KW, C_in, C_out)."""
    layer = impl.conv.Conv2D(64, 128, 3, rng=0)
    w, b = layer.w, layer.b
    assert_shape(w, (3, 3, 64, 128), "Conv2D(64, 128, 3).w")
    assert_close(
        b,
        np.zeros(128),
        what="Conv2D(64, 128, 3).b",
        dtype=np.float64,
        evidence=evidence(impl, "conv.Conv2D.init", "b"),
    )
    std = np.sqrt(2.0 / (3 * 3 * 64))  # 0.0589; 73,728 draws: mean and std are tight
    assert abs(w.mean()) < 0.02 * std, f"Conv2D.w mean is {w.mean():.4g}, expected about 0"
    assert abs(w.std() / std - 1) < 0.02, (
        f"Conv2D.w std is {w.std():.4g}, expected sqrt(2 / fan_in) = {std:.4g} "
        "with fan_in = KH*KW*C_in = 576 (He initialisation)"
    )


def test_conv2d_weights_are_drawn_as_documented(impl):
    """w = default_rng(rng).standard_normal((KH, KW, C_in, C_out)) * sqrt(2 / fan_in)."""
    layer = impl.conv.Conv2D(3, 5, (3, 2), rng=7)
    expected = lookup("conv", "init", "w")  # the reference's Conv2D(3, 5, (3, 2), rng=7).w
    what = "Conv2D(3, 5, (3, 2), rng=7).w"
    assert_close(
        layer.w,
        expected,
        what=what,
        dtype=np.float64,
        layout="HWCF",
        evidence=evidence(impl, "conv.Conv2D.init", "w"),
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv2d_attributes_shapes_and_dtype(impl, dtype):
    """w, b, dw, db of the given dtype and shapes; stride, pad, input_grad = True."""
    layer = impl.conv.Conv2D(3, 5, (3, 2), stride=2, pad=1, rng=1, dtype=dtype)
    for name, shape in [("w", (3, 2, 3, 5)), ("b", (5,)), ("dw", (3, 2, 3, 5)), ("db", (5,))]:
        value = getattr(layer, name)
        assert_shape(value, shape, f"Conv2D.{name}")
        check_dtype(value, dtype, f"Conv2D.{name}")
    assert (layer.stride, layer.pad, layer.input_grad) == (2, 1, True), (
        "Conv2D(..., stride=2, pad=1) must keep stride=2, pad=1 and input_grad=True, got "
        f"{(layer.stride, layer.pad, layer.input_grad)}"
    )


@pytest.mark.parametrize("case", [CONV_LAYER, CONV_LAYER_F32], ids=lambda c: c.name)
def test_conv2d_forward_backward_agree_with_the_reference(impl, case):
    """Assigned w and b are used; backward returns dx and sets dw, db; w is left alone."""
    x, w, b, dout = case.inputs()
    dtype = case.dtype
    layer = impl.conv.Conv2D(3, 4, (3, 2), stride=2, pad=1, rng=0, dtype=dtype)
    layer.w, layer.b = w, b
    expected = lookup("conv", case.name, "out")
    assert_close(
        layer.forward(x),
        expected,
        what="Conv2D.forward",
        dtype=dtype,
        evidence=evidence(impl, "conv.Conv2D", "out"),
    )
    dx = layer.backward(dout)
    check_grad(
        dx,
        case,
        "dx",
        "Conv2D.backward dx",
        dtype=dtype,
        evidence=evidence(impl, "conv.Conv2D", "dx"),
    )
    check_grad(
        layer.dw,
        case,
        "dw",
        "Conv2D.dw after backward",
        dtype=dtype,
        evidence=evidence(impl, "conv.Conv2D", "dw"),
    )
    check_grad(
        layer.db,
        case,
        "db",
        "Conv2D.db after backward",
        dtype=dtype,
        evidence=evidence(impl, "conv.Conv2D", "db"),
    )
    assert_unchanged(w, layer.w, "Conv2D.w (forward and backward must not update it)")


def test_conv2d_params_yields_w_then_b_with_their_grads(impl):
    """params() yields ("w", w, dw) then ("b", b, db)."""
    x, w, b, dout = CONV_PARAMS.inputs()
    layer = impl.conv.Conv2D(2, 2, 3, pad=1, rng=0)
    layer.w, layer.b = w, b
    layer.forward(x)
    layer.backward(dout)
    params = list(layer.params())
    names = [p[0] for p in params]
    assert names == ["w", "b"], f"Conv2D.params() names: expected ['w', 'b'], got {names}"
    assert_close(params[0][1], w, what="params() value of 'w'", layout="HWCF")
    check_grad(
        params[0][2],
        CONV_PARAMS,
        "dw",
        "params() grad of 'w'",
        evidence=evidence(impl, "conv.Conv2D", "dw"),
    )
    assert_close(params[1][1], b, what="params() value of 'b'")
    check_grad(
        params[1][2],
        CONV_PARAMS,
        "db",
        "params() grad of 'b'",
        evidence=evidence(impl, "conv.Conv2D", "db"),
    )


def test_conv2d_without_input_grad_returns_none_and_sets_dw_db(impl):
    """A first layer (input_grad = False) computes dw and db only, and returns None."""
    x, w, b, dout = CONV_FIRST_LAYER.inputs()
    layer = impl.conv.Conv2D(1, 2, 3, rng=0)
    layer.w, layer.b = w, b
    layer.input_grad = False
    layer.forward(x)
    result = layer.backward(dout)
    if result is not None:
        said = evidence(impl, "conv.Conv2D", "backward returns None").lines()
        raise AssertionError(f"backward with input_grad=False must return None, got "
                             f"{type(result).__name__}" + "".join(f"\n  {s}" for s in said))
    check_grad(
        layer.dw,
        CONV_FIRST_LAYER,
        "dw",
        "Conv2D.dw with input_grad=False",
        evidence=evidence(impl, "conv.Conv2D", "dw with input_grad False"),
    )
    check_grad(
        layer.db,
        CONV_FIRST_LAYER,
        "db",
        "Conv2D.db with input_grad=False",
        evidence=evidence(impl, "conv.Conv2D", "db"),
    )
