"""Part 3, convolution: conv_forward_naive, conv_forward, conv_backward and Conv2D.

Run just this part:   uv run pytest stages/s13_cnn/conv      (or: -m conv)
The tests climb a ladder: cases you can check by hand, then random geometries against
the oracle below, then gradients against central differences, then the Conv2D layer.
Fix the first failing rung first.
"""

import numpy as np
import pytest
from hypothesis import given

from coursekit.checks import (
    assert_close,
    assert_shape,
    assert_unchanged,
    check_dtype,
    numerical_gradient,
    readonly,
    unpack,
)
from coursekit.strategies import ConvGeometry, conv_geometries, float_dtypes, normal_array, seeds

pytestmark = pytest.mark.conv


# Oracle: the definition, summed one kernel offset (i, j) at a time, in float64 ------------


def padded(x: np.ndarray, pad: int) -> np.ndarray:
    return np.pad(x.astype(np.float64), ((0, 0), (pad, pad), (pad, pad), (0, 0)))


def window_slices(i, j, stride, H_out, W_out):
    """Where kernel offset (i, j) reads from in the padded input, for every output position."""
    return (
        slice(None),
        slice(i, i + stride * H_out, stride),
        slice(j, j + stride * W_out, stride),
        slice(None),
    )


def conv_oracle(x, w, b, stride=1, pad=0):
    """out[n, h, v, f] = sum over i, j, c of xp[n, h*stride + i, v*stride + j, c] * w[i, j, c, f]
    + b[f]."""
    KH, KW, C, F = w.shape
    xp = padded(x, pad)
    H_out = (xp.shape[1] - KH) // stride + 1
    W_out = (xp.shape[2] - KW) // stride + 1
    out = np.zeros((x.shape[0], H_out, W_out, F)) + b
    for i in range(KH):
        for j in range(KW):
            out += xp[window_slices(i, j, stride, H_out, W_out)] @ w[i, j].astype(np.float64)
    return out


def conv_backward_oracle(x, w, dout, stride=1, pad=0):
    """(dx, dw, db) of sum(out * dout), one kernel offset at a time, in float64."""
    N, H, W, C = x.shape
    KH, KW, C, F = w.shape
    xp = padded(x, pad)
    dout = dout.astype(np.float64)
    H_out, W_out = dout.shape[1:3]
    dxp, dw = np.zeros(xp.shape), np.zeros(w.shape)
    for i in range(KH):
        for j in range(KW):
            where = window_slices(i, j, stride, H_out, W_out)
            dxp[where] += dout @ w[i, j].T.astype(np.float64)
            dw[i, j] = np.einsum("nhvc,nhvf->cf", xp[where], dout)
    return dxp[:, pad : pad + H, pad : pad + W, :], dw, dout.sum(axis=(0, 1, 2))


def known_mistakes(x, w, b, stride, pad) -> dict:
    """Results of two classic mistakes, so that a failure can name them."""
    return {
        "kernel flipped": conv_oracle(x, w[::-1, ::-1], b, stride, pad),
        "bias left out": conv_oracle(x, w, np.zeros_like(b), stride, pad),
    }


def random_conv(g: ConvGeometry, seed: int, dtype=np.float64):
    """Read-only x, w, b and dout for geometry g."""
    x = normal_array(seed, g.x_shape, dtype)
    w = normal_array(seed + 1, g.w_shape, dtype)
    b = normal_array(seed + 2, (g.F,), dtype)
    dout = normal_array(seed + 3, g.out_shape, dtype)
    return readonly(x, w, b, dout)


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

HAND_CASES = {  # name: (x, w, b, stride, pad, expected out)
    "vertical_edge": (EDGE_IMAGE, VERTICAL_EDGE, np.zeros(1), 1, 0, EDGE_OUT),
    "stride2_pad1_bias_2channels": (TWO_CHANNELS, PICKERS, PICKERS_B, 2, 1, PICKERS_OUT),
}


# Rung 1: hand-checked cases ------------------------------------------------------------


@pytest.mark.parametrize("case", HAND_CASES)
def test_conv_forward_naive_hand_cases(impl, case):
    """A vertical-edge filter on a 5x5 image; stride 2 with pad 1, two channels and a bias."""
    x, w, b, stride, pad, expected = HAND_CASES[case]
    x, w, b = readonly(x, w, b)
    got = impl.conv.conv_forward_naive(x, w, b, stride, pad)
    what = f"conv_forward_naive, hand case {case}"
    alt = known_mistakes(x, w, b, stride, pad)
    assert_close(got, expected, what=what, dtype=np.float64, alternatives=alt)


@pytest.mark.parametrize("case", HAND_CASES)
def test_conv_forward_hand_cases(impl, case):
    """conv_forward returns (out, cache) with the same numbers as the hand cases."""
    x, w, b, stride, pad, expected = HAND_CASES[case]
    x, w, b = readonly(x, w, b)
    out, _ = unpack(
        impl.conv.conv_forward(x, w, b, stride, pad), "out", "cache", what="conv_forward"
    )
    alt = known_mistakes(x, w, b, stride, pad)
    assert_close(out, expected, what=f"conv_forward, hand case {case}", alternatives=alt)


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
    assert_close(dx, expected_dx, what="conv_backward dx, hand case", dtype=np.float64)
    assert_close(dw, expected_dw, what="conv_backward dw, hand case", dtype=np.float64)
    assert_close(db, np.array([4.0]), what="conv_backward db (a sum over N, H_out, W_out)")


# Rung 2: random geometries against the oracle -------------------------------------------


@given(g=conv_geometries(), seed=seeds, dtype=float_dtypes)
def test_conv_forward_naive_matches_oracle(impl, g, seed, dtype):
    """Any geometry: non-square, stride > 1, pad > 0, C = 1, N = 1; x's dtype kept."""
    x, w, b, _ = random_conv(g, seed, dtype)
    got = impl.conv.conv_forward_naive(x, w, b, g.stride, g.pad)
    expected = conv_oracle(x, w, b, g.stride, g.pad)
    alt = known_mistakes(x, w, b, g.stride, g.pad)
    assert_close(got, expected, what=f"conv_forward_naive for {g}", dtype=dtype, alternatives=alt)


@given(g=conv_geometries(), seed=seeds, dtype=float_dtypes)
def test_conv_forward_matches_oracle(impl, g, seed, dtype):
    """The fast version gives the same numbers, in x's dtype."""
    x, w, b, _ = random_conv(g, seed, dtype)
    out, _ = unpack(
        impl.conv.conv_forward(x, w, b, g.stride, g.pad), "out", "cache", what="conv_forward"
    )
    expected = conv_oracle(x, w, b, g.stride, g.pad)
    alt = known_mistakes(x, w, b, g.stride, g.pad)
    assert_close(out, expected, what=f"conv_forward for {g}", dtype=dtype, alternatives=alt)


# Rung 3: gradients ----------------------------------------------------------------------

GRAD_GEOMETRIES = [
    ConvGeometry(N=1, H=4, W=5, C=1, KH=3, KW=2, F=2, stride=1, pad=0),
    ConvGeometry(N=2, H=5, W=4, C=2, KH=3, KW=3, F=3, stride=2, pad=1),
    ConvGeometry(N=1, H=6, W=6, C=3, KH=2, KW=4, F=2, stride=3, pad=2),
]


@pytest.mark.parametrize("g", GRAD_GEOMETRIES, ids=["plain", "stride2_pad1", "stride3_pad2"])
def test_conv_backward_matches_numerical_gradient(impl, g):
    """dx, dw, db of L = sum(out * dout) against central differences, every element, float64."""
    x, w, b, dout = random_conv(g, seed=11)
    result = impl.conv.conv_forward(x, w, b, g.stride, g.pad)
    _, cache = unpack(result, "out", "cache", what="conv_forward")
    dx, dw, db = unpack(
        impl.conv.conv_backward(dout, cache), "dx", "dw", "db", what="conv_backward"
    )

    def loss(x, w, b):
        return float(np.vdot(impl.conv.conv_forward(x, w, b, g.stride, g.pad)[0], dout))

    tol = dict(rtol=1e-5, atol=1e-7)
    assert_close(dx, numerical_gradient(lambda x_: loss(x_, w, b), x), what=f"dx for {g}", **tol)
    assert_close(dw, numerical_gradient(lambda w_: loss(x, w_, b), w), what=f"dw for {g}", **tol)
    assert_close(db, numerical_gradient(lambda b_: loss(x, w, b_), b), what=f"db for {g}", **tol)


@given(g=conv_geometries(), seed=seeds, dtype=float_dtypes)
def test_conv_backward_matches_oracle(impl, g, seed, dtype):
    """Any geometry; dx in dout's dtype, dw and db in w's dtype."""
    x, w, b, dout = random_conv(g, seed, dtype)
    _, cache = unpack(
        impl.conv.conv_forward(x, w, b, g.stride, g.pad), "out", "cache", what="conv_forward"
    )
    dx, dw, db = unpack(
        impl.conv.conv_backward(dout, cache), "dx", "dw", "db", what="conv_backward"
    )
    ex, ew, eb = conv_backward_oracle(x, w, dout, g.stride, g.pad)
    assert_close(dx, ex, what=f"conv_backward dx for {g}", dtype=dtype)
    assert_close(dw, ew, what=f"conv_backward dw for {g}", dtype=dtype)
    assert_close(db, eb, what=f"conv_backward db for {g}", dtype=dtype)


def test_conv_backward_leaves_the_cache_reusable(impl):
    """A second backward on the same cache gives the same gradients: nothing was overwritten."""
    g = GRAD_GEOMETRIES[1]
    x, w, b, dout = random_conv(g, seed=5)
    _, cache = unpack(
        impl.conv.conv_forward(x, w, b, g.stride, g.pad), "out", "cache", what="conv_forward"
    )
    first = unpack(impl.conv.conv_backward(dout, cache), "dx", "dw", "db", what="conv_backward")
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
    assert_close(b, np.zeros(128), what="Conv2D(64, 128, 3).b", dtype=np.float64)
    std = np.sqrt(2.0 / (3 * 3 * 64))  # 0.0589; 73,728 draws: mean and std are tight
    assert abs(w.mean()) < 0.02 * std, f"Conv2D.w mean is {w.mean():.4g}, expected about 0"
    assert abs(w.std() / std - 1) < 0.02, (
        f"Conv2D.w std is {w.std():.4g}, expected sqrt(2 / fan_in) = {std:.4g} "
        "with fan_in = KH*KW*C_in = 576 (He initialisation)"
    )


def test_conv2d_weights_are_drawn_as_documented(impl):
    """w = default_rng(rng).standard_normal((KH, KW, C_in, C_out)) * sqrt(2 / fan_in)."""
    layer = impl.conv.Conv2D(3, 5, (3, 2), rng=7)
    expected = np.random.default_rng(7).standard_normal((3, 2, 3, 5)) * np.sqrt(2.0 / 18)
    assert_close(layer.w, expected, what="Conv2D(3, 5, (3, 2), rng=7).w", dtype=np.float64)


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


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv2d_forward_backward_agree_with_the_oracle(impl, dtype):
    """Assigned w and b are used; backward returns dx and sets dw, db; w is left alone."""
    g = ConvGeometry(N=2, H=7, W=6, C=3, KH=3, KW=2, F=4, stride=2, pad=1)
    x, w, b, dout = random_conv(g, seed=3, dtype=dtype)
    layer = impl.conv.Conv2D(3, 4, (3, 2), stride=2, pad=1, rng=0, dtype=dtype)
    layer.w, layer.b = w, b
    assert_close(layer.forward(x), conv_oracle(x, w, b, 2, 1), what="Conv2D.forward", dtype=dtype)
    dx = layer.backward(dout)
    ex, ew, eb = conv_backward_oracle(x, w, dout, 2, 1)
    assert_close(dx, ex, what="Conv2D.backward dx", dtype=dtype)
    assert_close(layer.dw, ew, what="Conv2D.dw after backward", dtype=dtype)
    assert_close(layer.db, eb, what="Conv2D.db after backward", dtype=dtype)
    assert_unchanged(w, layer.w, "Conv2D.w (forward and backward must not update it)")


def test_conv2d_params_yields_w_then_b_with_their_grads(impl):
    """params() yields ("w", w, dw) then ("b", b, db)."""
    g = ConvGeometry(N=1, H=5, W=5, C=2, KH=3, KW=3, F=2, stride=1, pad=1)
    x, w, b, dout = random_conv(g, seed=4)
    layer = impl.conv.Conv2D(2, 2, 3, pad=1, rng=0)
    layer.w, layer.b = w, b
    layer.forward(x)
    layer.backward(dout)
    params = list(layer.params())
    names = [p[0] for p in params]
    assert names == ["w", "b"], f"Conv2D.params() names: expected ['w', 'b'], got {names}"
    _, ew, eb = conv_backward_oracle(x, w, dout, 1, 1)
    assert_close(params[0][1], w, what="params() value of 'w'")
    assert_close(params[0][2], ew, what="params() grad of 'w'")
    assert_close(params[1][1], b, what="params() value of 'b'")
    assert_close(params[1][2], eb, what="params() grad of 'b'")


def test_conv2d_without_input_grad_returns_none_and_sets_dw_db(impl):
    """A first layer (input_grad = False) computes dw and db only, and returns None."""
    g = ConvGeometry(N=2, H=6, W=5, C=1, KH=3, KW=3, F=2, stride=1, pad=0)
    x, w, b, dout = random_conv(g, seed=9)
    layer = impl.conv.Conv2D(1, 2, 3, rng=0)
    layer.w, layer.b = w, b
    layer.input_grad = False
    layer.forward(x)
    result = layer.backward(dout)
    assert result is None, f"backward with input_grad=False must return None, got {type(result)}"
    _, ew, eb = conv_backward_oracle(x, w, dout)
    assert_close(layer.dw, ew, what="Conv2D.dw with input_grad=False")
    assert_close(layer.db, eb, what="Conv2D.db with input_grad=False")
