"""Part 1, padding: output_size, same_pad and pad2d.

Run just this part:   uv run pytest stages/s13_cnn/padding      (or: -m padding)
The tests climb a ladder: cases you can check by hand, then the error contract, then
properties over random shapes (what must hold, not how to compute it). Fix the first
failing rung first.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coursekit.checks import assert_close, assert_shape, check_dtype, readonly
from coursekit.evidence import evidence
from coursekit.strategies import float_dtypes, normal_array, seeds

pytestmark = pytest.mark.padding


def assert_int(got, expected: int, what: str, witnesses=(None, None)) -> None:
    """An output size is a Python int (np.integer is accepted), never a float. The
    witnesses (coursekit.evidence) of the value and of its type say what is wrong, from
    your function run on their probes."""
    value, is_int = witnesses
    if not isinstance(got, int | np.integer) or isinstance(got, bool):
        raise AssertionError(
            f"{what}: expected the int {expected}, got {type(got).__name__} {got!r}; "
            "use // (floor division), not /" + said_by(is_int)
        )
    if got != expected:
        raise AssertionError(f"{what}: expected {expected}, got {got}" + said_by(value))


def assert_raises_value_error(call, what: str, witness) -> None:
    """call() must raise ValueError; the witness says what is wrong when it does not."""
    try:
        got = call()
    except ValueError:
        return
    except NotImplementedError:
        raise
    except Exception as exc:  # ZeroDivisionError, TypeError, ...  # noqa: BLE001
        raise AssertionError(f"{what} must raise ValueError, it raised {type(exc).__name__}: "
                             f"{exc}{said_by(witness)}") from exc
    raise AssertionError(f"{what} must raise ValueError, it returned {got!r}{said_by(witness)}")


def said_by(witness) -> str:
    """The witness's lines (claim first, then evidence), one indented line each."""
    return witness.said() if witness else ""


def sizes(impl):
    """The witnesses of output_size's value and of its type."""
    return (evidence(impl, "padding.output_size", "size"),
            evidence(impl, "padding.output_size", "is an int"))


def size_of(impl, size, kernel, stride=1, pad=0):
    """output_size(size, kernel, stride, pad); an exception it raises fails with the
    evidence of output_size's values."""
    try:
        return impl.padding.output_size(size, kernel, stride, pad)
    except NotImplementedError:
        raise
    except Exception as exc:  # a ValueError where a window fits, ...  # noqa: BLE001
        raise AssertionError(
            f"output_size({size}, {kernel}, stride={stride}, pad={pad}) raised "
            f"{type(exc).__name__}: {exc}{said_by(sizes(impl)[0])}"
        ) from exc


def errors(impl):
    """The witness of output_size's ValueErrors."""
    return evidence(impl, "padding.output_size_errors", "raises ValueError")


def same_pads(impl):
    """The witnesses of same_pad's value and of its type."""
    return (evidence(impl, "padding.same_pad", "value"),
            evidence(impl, "padding.same_pad", "is an int"))


# Rung 1: hand-checked cases ------------------------------------------------------------


@pytest.mark.parametrize(
    "size, kernel, stride, pad, expected",
    [
        (5, 3, 1, 0, 3),  # 5 - 3 + 1
        (28, 5, 1, 2, 28),  # LeNet's C1: 'same' padding keeps 28
        (7, 3, 2, 0, 3),  # windows start at 0, 2, 4
        (7, 3, 2, 1, 4),  # padded to 9: starts 0, 2, 4, 6
        (6, 3, 2, 0, 2),  # starts 0, 2; a window at 4 would stick out: floor drops it
        (5, 5, 1, 0, 1),  # the kernel covers the input exactly once
        (1, 3, 1, 1, 1),  # a 1-pixel input padded to 3
        (4, 1, 3, 0, 2),  # a 1x1 kernel at 0 and 3
    ],
)
def test_output_size_hand_cases(impl, size, kernel, stride, pad, expected):
    """floor((size + 2*pad - kernel) / stride) + 1, as an int."""
    got = size_of(impl, size, kernel, stride, pad)
    what = f"output_size({size}, {kernel}, stride={stride}, pad={pad})"
    assert_int(got, expected, what, sizes(impl))


@pytest.mark.parametrize("kernel, expected", [(1, 0), (3, 1), (5, 2), (7, 3)])
def test_same_pad_hand_cases(impl, kernel, expected):
    """(kernel - 1) // 2 for odd kernels."""
    assert_int(impl.padding.same_pad(kernel), expected, f"same_pad({kernel})", same_pads(impl))


def test_pad2d_hand_case_1x2x3x1(impl):
    """One zero all around a 2x3 image."""
    x = readonly(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).reshape(1, 2, 3, 1))
    expected = np.array(
        [
            [0.0, 0.0, 0.0, 0.0, 0.0],
            [0.0, 1.0, 2.0, 3.0, 0.0],
            [0.0, 4.0, 5.0, 6.0, 0.0],
            [0.0, 0.0, 0.0, 0.0, 0.0],
        ]
    ).reshape(1, 4, 5, 1)
    corner = np.zeros((1, 4, 5, 1))
    corner[0, :2, :3, 0] = x[0, :, :, 0]
    got = impl.padding.pad2d(x, 1)
    assert_close(
        got,
        expected,
        what="pad2d(x, 1)",
        dtype=np.float64,
        evidence=evidence(impl, "padding.pad2d", "out"),
    )


def test_pad2d_hand_case_per_axis_and_asymmetric_pads(impl):
    """(ph, pw) pads H by ph and W by pw; ((top, bottom), (left, right)) pads each side."""
    x = readonly(np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 2, 1))
    rows_only = np.array([[0, 0], [1, 2], [3, 4], [0, 0]], dtype=float).reshape(1, 4, 2, 1)
    got = impl.padding.pad2d(x, (1, 0))
    assert_close(
        got, rows_only, what="pad2d(x, (1, 0))", evidence=evidence(impl, "padding.pad2d", "out")
    )
    sides = np.array([[0, 0, 1, 2], [0, 0, 3, 4], [0, 0, 0, 0]], dtype=float).reshape(1, 3, 4, 1)
    assert_close(
        impl.padding.pad2d(x, ((0, 1), (2, 0))),
        sides,
        what="pad2d(x, ((0, 1), (2, 0)))",
        evidence=evidence(impl, "padding.pad2d", "out"),
    )


def test_pad2d_hand_case_fill_value_and_channels(impl):
    """value fills the border of every channel; N and C are never padded."""
    x = readonly(np.array([[[1.0, 10.0]]]).reshape(1, 1, 1, 2))  # one pixel, two channels
    expected = np.full((1, 3, 3, 2), -1.5)
    expected[0, 1, 1] = [1.0, 10.0]
    got = impl.padding.pad2d(x, 1, value=-1.5)
    assert_close(
        got,
        expected,
        what="pad2d(x, 1, value=-1.5)",
        evidence=evidence(impl, "padding.pad2d", "out"),
    )


# Rung 2: the error contract (each test first checks a valid call) ------------------------


def test_output_size_rejects_a_kernel_larger_than_the_padded_input(impl):
    """No window fits: ValueError, not a zero or negative size."""
    assert_int(size_of(impl, 5, 5), 1, "output_size(5, 5)", sizes(impl))
    assert_int(size_of(impl, 5, 7, pad=1), 1, "output_size(5, 7, pad=1)",
               sizes(impl))
    for size, kernel, pad in [(5, 6, 0), (5, 8, 1), (1, 2, 0)]:
        assert_raises_value_error(lambda size=size, kernel=kernel, pad=pad:
                                  impl.padding.output_size(size, kernel, 1, pad),
                                  f"output_size({size}, {kernel}, pad={pad})", errors(impl))


@pytest.mark.parametrize("stride", [0, -1])
def test_output_size_rejects_stride_below_one(impl, stride):
    """A stride must be at least 1."""
    assert_int(size_of(impl, 5, 3, 1), 3, "output_size(5, 3, 1)", sizes(impl))
    assert_raises_value_error(lambda: impl.padding.output_size(5, 3, stride),
                              f"output_size(5, 3, {stride})", errors(impl))


@pytest.mark.parametrize("kernel", [2, 4, 6])
def test_same_pad_rejects_even_kernel(impl, kernel):
    """An even kernel has no symmetric 'same' padding."""
    assert_int(impl.padding.same_pad(3), 1, "same_pad(3)", same_pads(impl))
    assert_raises_value_error(lambda: impl.padding.same_pad(kernel), f"same_pad({kernel})",
                              evidence(impl, "padding.same_pad", "raises ValueError"))


@pytest.mark.parametrize("pad", [-1, (1, -1), ((0, 0), (-2, 0)), (1, 2, 3), ((1, 2), (3,))])
def test_pad2d_rejects_bad_pad_spec(impl, pad):
    """A negative amount or a pad of another form is a ValueError."""
    x = readonly(np.ones((1, 2, 2, 1)))
    assert_close(
        impl.padding.pad2d(x, 0),
        np.ones((1, 2, 2, 1)),
        what="pad2d(x, 0)",
        evidence=evidence(impl, "padding.pad2d", "out"),
    )
    with pytest.raises(ValueError):
        impl.padding.pad2d(x, pad)


# Rung 3: properties over random sizes, shapes, pads and dtypes -------------------------


@given(
    size=st.integers(1, 30),
    kernel=st.integers(1, 9),
    stride=st.integers(1, 5),
    pad=st.integers(0, 4),
)
def test_output_size_counts_the_windows_that_fit(impl, size, kernel, stride, pad):
    """The last window fits inside the padded input, and one more stride would not."""
    assume(kernel <= size + 2 * pad)  # when no window fits: the error tests above
    got = size_of(impl, size, kernel, stride, pad)
    what = f"output_size({size}, {kernel}, stride={stride}, pad={pad})"
    if not isinstance(got, int | np.integer) or isinstance(got, bool):
        assert_int(got, -1, what, sizes(impl))  # explains that it must be an int
    last_end = (got - 1) * stride + kernel  # one past the last pixel of the last window
    padded = size + 2 * pad
    if last_end > padded:  # the last window runs off the edge
        problem = f"window {got} would end at {last_end}, past the edge"
    elif padded >= last_end + stride:  # another window fits
        problem = f"window {got + 1} fits as well (it ends at {last_end + stride})"
    else:
        return
    raise AssertionError(
        f"{what} = {got} in a padded input of {padded}: {problem}{said_by(sizes(impl)[0])}\n"
        "  output size = floor((size + 2*pad - kernel) / stride) + 1"
    )


amounts = st.integers(0, 3)


@st.composite
def pad_specs(draw):
    """((top, bottom), (left, right)) and the pad as a caller may write it: p, (ph, pw)
    or ((top, bottom), (left, right)), whichever forms describe the same amounts."""
    top, bottom, left, right = (draw(amounts) for _ in range(4))
    forms = [((top, bottom), (left, right))]
    if top == bottom and left == right:
        forms.append((top, left))
        if top == left:
            forms.append(top)
    return ((top, bottom), (left, right)), draw(st.sampled_from(forms))


@given(
    shape=st.tuples(st.integers(1, 3), st.integers(1, 6), st.integers(1, 6), st.integers(1, 3)),
    spec=pad_specs(),
    value=st.sampled_from([0.0, 1.0, -2.5]),
    seed=seeds,
    dtype=float_dtypes,
)
def test_pad2d_puts_x_inside_a_border_of_value(impl, shape, spec, value, seed, dtype):
    """Any shape, any of the three pad forms, any fill value; float32 and float64 kept:
    x sits at rows top.., columns left.., and every other pixel holds the fill value."""
    ((top, bottom), (left, right)), pad = spec
    N, H, W, C = shape
    x = readonly(normal_array(seed, shape, dtype))
    got = impl.padding.pad2d(x, pad, value=value)
    what = f"pad2d(x {shape}, {pad}, value={value})"
    assert_shape(got, (N, top + H + bottom, left + W + right, C), what)
    check_dtype(got, dtype, what)
    inside = (slice(None), slice(top, top + H), slice(left, left + W), slice(None))
    assert_close(
        got[inside],
        x,
        what=f"{what}[:, {top}:{top + H}, {left}:{left + W}]",
        evidence=evidence(impl, "padding.pad2d", "out"),
    )
    border = np.ones(got.shape, bool)
    border[inside] = False
    assert_close(
        got,
        np.full(got.shape, value, dtype),
        what=f"{what} border",
        where=border,
        evidence=evidence(impl, "padding.pad2d", "out"),
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pad2d_keeps_dtype_and_int_pad_pads_both_axes(impl, dtype):
    """pad2d(x, p) of an (N, H, W, C) array is (N, H + 2p, W + 2p, C), in x's dtype."""
    x = readonly(normal_array(0, (2, 3, 5, 4), dtype))
    got = impl.padding.pad2d(x, 2)
    assert_shape(got, (2, 7, 9, 4), "pad2d(x (2, 3, 5, 4), 2)")
    check_dtype(got, dtype, "pad2d(x, 2)")
    assert_close(
        got[:, 2:5, 2:7],
        x,
        what="pad2d(x, 2)[:, 2:5, 2:7]",
        evidence=evidence(impl, "padding.pad2d", "out"),
    )


@pytest.mark.parametrize("pad", [0, (0, 0), 2])
def test_pad2d_returns_a_new_array(impl, pad):
    """Even with no padding, the result is a new array, never x itself or a view of it."""
    x = readonly(normal_array(1, (1, 3, 2, 2)))
    got = impl.padding.pad2d(x, pad)
    assert isinstance(got, np.ndarray), f"pad2d returned {type(got).__name__}"
    assert not np.shares_memory(got, x), (
        f"pad2d(x, {pad}) returned x itself (or a view of it): return a new array, "
        "or a caller that writes into the result writes into x"
    )
