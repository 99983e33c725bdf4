"""Part 4, pooling: max, average and global average pooling, and their layers.

Run just this part:   uv run pytest stages/s13_cnn/pooling      (or: -m pooling)
The tests climb a ladder: cases you can check by hand, then random geometries against
the reference's results (precomputed, in expected.npz: windows that do not divide the
input, overlapping windows, ties), then gradients against central differences of your
own forward, then the layers. Fix the first failing rung first.
"""

import numpy as np
import pytest

from coursekit.anchors import POOL_GRAD, POOL_STRIDE_DEFAULT, global_grad_inputs
from coursekit.checks import (
    assert_close,
    assert_shape,
    check_dtype,
    numerical_gradient,
    readonly,
    unpack,
)
from coursekit.evidence import evidence
from coursekit.expected import (
    GLOBAL_POOL_SHAPES,
    POOL_CASES,
    global_pool_inputs,
    lookup,
)
from coursekit.strategies import normal_array

pytestmark = pytest.mark.pooling


def image(rows) -> np.ndarray:
    """A list of rows -> a read-only (1, H, W, 1) float64 batch."""
    return readonly(np.array(rows, dtype=float)[None, :, :, None])


def pool(impl, kind, x, size=2, stride=None):
    """maxpool_forward or avgpool_forward (kind "max" or "avg") -> (out, cache)."""
    f = getattr(impl.pooling, f"{kind}pool_forward")
    return unpack(f(x, size, stride), "out", "cache", what=f"{kind}pool_forward")


# Rung 1: hand-checked cases ------------------------------------------------------------

X4 = image([[2, 7, 1, 0], [4, 3, 5, 8], [6, 1, 9, 2], [0, 5, 3, 4]])


def test_maxpool_hand_case_4x4(impl):
    """2x2 windows, stride 2: the max of each quarter."""
    out, _ = pool(impl, "max", X4)
    what = "maxpool_forward(X4, 2)"
    assert_close(
        out,
        image([[7, 8], [6, 9]]),
        what=what,
        dtype=np.float64,
        evidence=evidence(impl, "pooling.maxpool_forward", "out"),
    )


def test_avgpool_hand_case_4x4(impl):
    """2x2 windows, stride 2: the mean of each quarter, (2 + 7 + 4 + 3) / 4 = 4, ..."""
    out, _ = pool(impl, "avg", X4)
    expected = image([[4.0, 3.5], [3.0, 4.5]])
    assert_close(
        out,
        expected,
        what="avgpool_forward(X4, 2)",
        dtype=np.float64,
        evidence=evidence(impl, "pooling.avgpool_forward", "out"),
    )


def test_maxpool_backward_hand_case_4x4(impl):
    """Each quarter's gradient goes to the pixel that held its max (the 7, 8, 6 and 9)."""
    _, cache = pool(impl, "max", X4)
    got = impl.pooling.maxpool_backward(image([[1, 2], [3, 4]]), cache)
    expected = image([[0, 1, 0, 0], [0, 0, 0, 2], [3, 0, 4, 0], [0, 0, 0, 0]])
    what = "maxpool_backward, 4x4 hand case"
    assert_close(
        got,
        expected,
        what=what,
        dtype=np.float64,
        evidence=evidence(impl, "pooling.maxpool_backward", "dx"),
    )


def test_avgpool_backward_hand_case_4x4(impl):
    """Each quarter's gradient is shared equally by its four pixels."""
    _, cache = pool(impl, "avg", X4)
    got = impl.pooling.avgpool_backward(image([[4, 8], [12, 16]]), cache)
    expected = image([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]])
    assert_close(
        got,
        expected,
        what="avgpool_backward, 4x4 hand case",
        dtype=np.float64,
        evidence=evidence(impl, "pooling.avgpool_backward", "dx"),
    )


def test_maxpool_ties_go_to_the_first_max_in_row_major_order(impl):
    """Window [[5, 5], [5, 5]] routes to its top-left; [[1, 3], [3, 2]] to the 3 at the top."""
    x = image([[5, 5, 1, 3], [5, 5, 3, 2]])
    _, cache = pool(impl, "max", x)
    got = impl.pooling.maxpool_backward(image([[1, 2]]), cache)
    expected = image([[1, 0, 0, 2], [0, 0, 0, 0]])
    assert_close(
        got,
        expected,
        what="maxpool_backward with ties",
        evidence=evidence(impl, "pooling.maxpool_backward", "dx"),
    )
    layer = impl.pooling.MaxPool2D(2)
    layer.forward(x)
    # flat positions h * W + w in the 2x4 input: (0, 0) -> 0 and (0, 3) -> 3
    assert_close(
        layer.indices,
        np.array([0, 3]).reshape(1, 1, 2, 1),
        what="MaxPool2D.indices",
        evidence=evidence(impl, "pooling.MaxPool2D.indices", "indices"),
    )


def test_pooling_drops_windows_that_do_not_fit(impl):
    """A 5x5 image with 2x2 windows: 2x2 outputs, the last row and column are never read."""
    x = readonly(np.arange(25.0).reshape(1, 5, 5, 1))
    top, _ = pool(impl, "max", x)
    mean, _ = pool(impl, "avg", x)
    assert_close(
        top,
        image([[6, 8], [16, 18]]),
        what="maxpool_forward(5x5 image, 2)",
        evidence=evidence(impl, "pooling.maxpool_forward", "out"),
    )
    # (0 + 1 + 5 + 6) / 4 = 3, ...
    assert_close(
        mean,
        image([[3, 5], [13, 15]]),
        what="avgpool_forward(5x5 image, 2)",
        evidence=evidence(impl, "pooling.avgpool_forward", "out"),
    )


def test_maxpool_overlapping_windows_add_their_gradients(impl):
    """3x3 windows at stride 1 both pick the 20: its gradient is 1 + 2."""
    x = image([[0, 1, 2, 3], [4, 20, 5, 6], [7, 8, 9, 10]])
    _, cache = pool(impl, "max", x, 3, 1)
    got = impl.pooling.maxpool_backward(image([[1, 2]]), cache)
    expected = image([[0, 0, 0, 0], [0, 3, 0, 0], [0, 0, 0, 0]])
    assert_close(
        got,
        expected,
        what="maxpool_backward, overlapping windows (use +=, not =)",
        evidence=evidence(impl, "pooling.maxpool_backward", "dx"),
    )


def test_global_avgpool_hand_case(impl):
    """(N, H, W, C) -> (N, C) means; backward spreads dout / (H*W) over every pixel."""
    x = np.zeros((2, 2, 3, 2))
    x[0, :, :, 0] = np.arange(1.0, 7.0).reshape(2, 3)  # mean 3.5
    x[0, :, :, 1] = 10 * x[0, :, :, 0]  # mean 35
    x[1, :, :, 0] = 2.0  # mean 2
    x[1, 1, 2, 1] = 6.0  # mean 1
    result = impl.pooling.global_avgpool_forward(readonly(x))
    out, cache = unpack(result, "out", "cache", what="global_avgpool_forward")
    expected = np.array([[3.5, 35.0], [2.0, 1.0]])
    assert_close(
        out,
        expected,
        what="global_avgpool_forward",
        dtype=np.float64,
        evidence=evidence(impl, "pooling.global_avgpool", "out"),
    )
    got = impl.pooling.global_avgpool_backward(readonly(np.array([[6.0, 12], [-6, 0]])), cache)
    expected = np.zeros(x.shape)
    expected[0, :, :, 0], expected[0, :, :, 1], expected[1, :, :, 0] = 1.0, 2.0, -1.0  # / 6
    assert_close(
        got,
        expected,
        what="global_avgpool_backward",
        dtype=np.float64,
        evidence=evidence(impl, "pooling.global_avgpool", "dx"),
    )


# Rung 2: random geometries against the reference's precomputed results ----------------

RANDOM = [c for c in POOL_CASES if c.name.startswith("random")]


TIES = [c for c in POOL_CASES if c.ties]
by_name = pytest.mark.parametrize("case", RANDOM, ids=lambda c: c.name)


@by_name
def test_maxpool_matches_the_reference(impl, case):
    """Any window, stride (None: the pool size) and shape; no ties; dtypes kept."""
    g, (x, dout) = case.g, case.inputs()
    out, cache = pool(impl, "max", x, g.pool, g.stride)
    expected = lookup("pooling", case.name, "max")
    what = f"maxpool_forward for {g}"
    assert_close(
        out,
        expected,
        what=what,
        dtype=case.dtype,
        evidence=evidence(impl, "pooling.maxpool_forward", "out"),
    )
    dx = impl.pooling.maxpool_backward(dout, cache)
    expected = lookup("pooling", case.name, "max_dx")
    what = f"maxpool_backward for {g}"
    assert_close(
        dx,
        expected,
        what=what,
        dtype=case.dtype,
        evidence=evidence(impl, "pooling.maxpool_backward", "dx"),
    )


@pytest.mark.parametrize("case", TIES, ids=lambda c: c.name)
def test_maxpool_ties_always_go_to_the_first_max(impl, case):
    """Values drawn from {0, 1, 2}: plenty of ties, each won by the first max."""
    g, (x, dout) = case.g, case.inputs()
    _, cache = pool(impl, "max", x, g.pool, g.stride)
    dx = impl.pooling.maxpool_backward(dout, cache)
    expected = lookup("pooling", case.name, "max_dx")
    assert_close(
        dx,
        expected,
        what=f"maxpool_backward with ties for {g}",
        evidence=evidence(impl, "pooling.maxpool_backward", "dx"),
    )


@by_name
def test_avgpool_matches_the_reference(impl, case):
    """Any window, stride and shape; dtypes kept."""
    g, (x, dout) = case.g, case.inputs()
    out, cache = pool(impl, "avg", x, g.pool, g.stride)
    expected = lookup("pooling", case.name, "avg")
    what = f"avgpool_forward for {g}"
    assert_close(
        out,
        expected,
        what=what,
        dtype=case.dtype,
        evidence=evidence(impl, "pooling.avgpool_forward", "out"),
    )
    dx = impl.pooling.avgpool_backward(dout, cache)
    expected = lookup("pooling", case.name, "avg_dx")
    assert_close(
        dx,
        expected,
        what=f"avgpool_backward for {g}",
        dtype=case.dtype,
        evidence=evidence(impl, "pooling.avgpool_backward", "dx"),
    )


@by_name
def test_maxpool2d_indices_match_the_reference(impl, case):
    """indices: (N, H_out, W_out, C) integers h*W + w of each max in its input plane."""
    g, (x, _) = case.g, case.inputs()
    layer = impl.pooling.MaxPool2D(g.pool, g.stride)
    layer.forward(x)
    indices = layer.indices
    check_dtype(indices, np.integer, "MaxPool2D.indices")
    expected = lookup("pooling", case.name, "indices")
    assert_close(
        indices,
        expected,
        what=f"MaxPool2D.indices for {g}",
        evidence=evidence(impl, "pooling.MaxPool2D.indices", "indices"),
    )


@pytest.mark.parametrize("i", range(len(GLOBAL_POOL_SHAPES)))
def test_global_avgpool_matches_the_reference(impl, i):
    """(N, H, W, C) -> (N, C) and back, in x's dtype."""
    x, dout = global_pool_inputs(i)
    out, cache = unpack(
        impl.pooling.global_avgpool_forward(x), "out", "cache", what="global_avgpool_forward"
    )
    what = f"global_avgpool_forward {x.shape}"
    assert_close(
        out,
        lookup("pooling", f"global{i}", "out"),
        what=what,
        dtype=x.dtype,
        evidence=evidence(impl, "pooling.global_avgpool", "out"),
    )
    dx = impl.pooling.global_avgpool_backward(dout, cache)
    what = f"global_avgpool_backward {x.shape}"
    assert_close(
        dx,
        lookup("pooling", f"global{i}", "dx"),
        what=what,
        dtype=x.dtype,
        evidence=evidence(impl, "pooling.global_avgpool", "dx"),
    )


# Rung 3: gradients against central differences -----------------------------------------

@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("name", POOL_GRAD)
def test_pool_backward_matches_numerical_gradient(impl, kind, name):
    """dx of L = sum(out * dout), every element, float64; no ties, so max is differentiable.
    Your forward, whose central differences these are, is checked first."""
    case = POOL_GRAD[name]
    g, (x, dout) = case.g, case.inputs()  # x: distinct values, seed 2; dout: seed 3
    out, cache = pool(impl, kind, x, g.pool, g.stride)
    assert_close(out, lookup("pooling", case.name, kind), what=f"{kind}pool_forward for {g}",
                 evidence=evidence(impl, f"pooling.{kind}pool_forward", "out"))
    dx = getattr(impl.pooling, f"{kind}pool_backward")(dout, cache)

    def loss(x):
        return float(np.vdot(pool(impl, kind, x, g.pool, g.stride)[0], dout))

    num = numerical_gradient(loss, x)
    assert_close(
        dx,
        num,
        what=f"{kind}pool_backward for {g}",
        rtol=1e-5,
        atol=1e-7,
        evidence=evidence(impl, f"pooling.{kind}pool_backward", "dx"),
    )


def test_global_avgpool_backward_matches_numerical_gradient(impl):
    """dx of L = sum(out * dout), every element, float64."""
    x, dout = global_grad_inputs()  # (2, 3, 4, 2), (2, 2)
    out, cache = unpack(
        impl.pooling.global_avgpool_forward(x), "out", "cache", what="global_avgpool_forward"
    )
    what = "global_avgpool_forward of (2, 3, 4, 2)"
    assert_close(out, lookup("pooling", "global_grad", "out"), what=what,
                 evidence=evidence(impl, "pooling.global_avgpool", "out"))
    dx = impl.pooling.global_avgpool_backward(dout, cache)
    num = numerical_gradient(
        lambda x: float(np.vdot(impl.pooling.global_avgpool_forward(x)[0], dout)), x
    )
    assert_close(
        dx,
        num,
        what="global_avgpool_backward",
        rtol=1e-5,
        atol=1e-7,
        evidence=evidence(impl, "pooling.global_avgpool", "dx"),
    )


# Rung 4: the contract and the layers ----------------------------------------------------


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_stride_defaults_to_the_pool_size(impl, kind):
    """pool=3 on a 7x7 image: stride 3, a 2x2 output, the same as stride=3."""
    x = POOL_STRIDE_DEFAULT.inputs()[0]  # (2, 7, 7, 3), distinct values, seed 6
    f = getattr(impl.pooling, f"{kind}pool_forward")
    out, _ = unpack(f(x, 3), "out", "cache", what=f"{kind}pool_forward")
    assert_shape(out, (2, 2, 2, 3), f"{kind}pool_forward(x (2, 7, 7, 3), 3)",
                 evidence=evidence(impl, f"pooling.{kind}pool_forward", "out"))
    expected = lookup("pooling", POOL_STRIDE_DEFAULT.name, kind)
    assert_close(out, expected, what=f"{kind}pool_forward(x (2, 7, 7, 3), 3)",
                 evidence=evidence(impl, f"pooling.{kind}pool_forward", "out"))
    explicit, _ = f(x, 3, 3)
    assert_close(
        out,
        explicit,
        what=f"{kind}pool_forward(x, 3) vs (x, 3, 3)",
        evidence=evidence(impl, f"pooling.{kind}pool_forward", "out"),
    )


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_non_square_pool_without_stride_raises_value_error(impl, kind):
    """stride=None means stride = pool, which is ambiguous for a (2, 3) window."""
    x = readonly(normal_array(0, (1, 6, 6, 1)))
    f = getattr(impl.pooling, f"{kind}pool_forward")
    out, _ = unpack(f(x, (2, 3), 2), "out", "cache", what=f"{kind}pool_forward")
    assert_shape(out, (1, 3, 2, 1), f"{kind}pool_forward(x (1, 6, 6, 1), (2, 3), 2)")
    try:
        got = f(x, (2, 3))
    except ValueError:
        return
    said = evidence(impl, "pooling.errors", "raises ValueError").lines()
    raise AssertionError(f"{kind}pool_forward(x, (2, 3)) must raise ValueError, it returned "
                         f"{type(got).__name__}" + "".join(f"\n  {line}" for line in said))


LAYER_CASES = [c for c in POOL_CASES if c.name.startswith("layer")]


@pytest.mark.parametrize("case", LAYER_CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("name", ["MaxPool2D", "AvgPool2D"])
def test_pooling_layer_agrees_with_the_reference(impl, name, case):
    """A (3, 2) window at stride 2: forward, backward, and no parameters."""
    x, dout = case.inputs()
    kind = "max" if name == "MaxPool2D" else "avg"
    expected, expected_dx = (lookup("pooling", case.name, q) for q in (kind, f"{kind}_dx"))
    layer = getattr(impl.pooling, name)((3, 2), 2)
    assert_close(
        layer.forward(x),
        expected,
        what=f"{name}.forward",
        dtype=case.dtype,
        evidence=evidence(impl, "pooling.layers", f"{kind} out"),
    )
    assert_close(
        layer.backward(dout),
        expected_dx,
        what=f"{name}.backward",
        dtype=case.dtype,
        evidence=evidence(impl, "pooling.layers", f"{kind} dx"),
    )
    assert list(layer.params()) == [], f"{name}.params() must yield nothing"


@pytest.mark.parametrize("i", [2, 3])
def test_global_avgpool_layer_gives_n_by_c(impl, i):
    """GlobalAvgPool2D: (N, H, W, C) -> (N, C) and back; no parameters."""
    x, _ = global_pool_inputs(i)
    N, H, W, C = x.shape
    layer = impl.pooling.GlobalAvgPool2D()
    out = layer.forward(x)
    assert_shape(out, (N, C), f"GlobalAvgPool2D.forward of {x.shape}")
    expected = lookup("pooling", f"global{i}", "out")
    assert_close(
        out,
        expected,
        what="GlobalAvgPool2D.forward",
        dtype=x.dtype,
        evidence=evidence(impl, "pooling.global_avgpool", "out"),
    )
    dx = layer.backward(readonly(np.ones((N, C), x.dtype)))
    # every pixel shares its plane's gradient 1 equally: 1 / (H*W) each
    assert_close(
        dx,
        np.full(x.shape, 1 / (H * W)),
        what="GlobalAvgPool2D.backward",
        dtype=x.dtype,
        evidence=evidence(impl, "pooling.global_avgpool", "dx"),
    )
    assert list(layer.params()) == [], "GlobalAvgPool2D.params() must yield nothing"
