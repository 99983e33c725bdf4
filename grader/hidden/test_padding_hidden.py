"""Hidden tests, part 1: output_size, same_pad and pad2d (through `impl` only)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit.checks import assert_close, readonly
from coursekit.evidence import evidence
from coursekit.evidence.subject import grader_error
from grader.hidden import torch_ref
from grader.hidden.support import (
    BATCH,
    CHANNELS,
    KERNELS,
    PADS,
    SEEDS,
    STRIDES,
    call,
    describe,
    examples,
    expect_value_error,
    normal,
    out_size,
)

pytestmark = pytest.mark.padding

PART = "uv run pytest stages/s13_cnn/padding"


def _check_size(impl, got, size: int, kernel: int, stride: int, pad: int) -> None:
    what = f"output_size({size}, kernel={kernel}, stride={stride}, pad={pad})"
    expected = out_size(size, kernel, stride, pad)
    if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
        hint = (
            " (use integer division //: the result must be an int)"
            if isinstance(got, (float, np.floating))
            else ""
        )
        lines = evidence(impl, "padding.output_size", "is an int").lines()
        raise AssertionError(f"{what}: expected the int {expected}, got {got!r}{hint}"
                             + "".join(f"\n  {line}" for line in lines))
    if got == expected:
        return
    lines = evidence(impl, "padding.output_size", "size").lines()
    raise AssertionError(f"{what}: expected {expected}, got {got}"
                         + "".join(f"\n  {line}" for line in lines))


def _size(impl, size: int, kernel: int, stride: int, pad: int):
    """output_size(...); an exception it raises fails with the evidence of its values."""
    try:
        return impl.padding.output_size(size, kernel, stride, pad)
    except Exception as exc:  # a ValueError where a window fits, ...
        if grader_error(exc) or isinstance(exc, NotImplementedError):
            raise
        lines = evidence(impl, "padding.output_size", "size").lines()
        raise AssertionError(
            f"output_size({size}, kernel={kernel}, stride={stride}, pad={pad}) raised "
            f"{type(exc).__name__}: {exc}" + "".join(f"\n  {line}" for line in lines)
        ) from exc


@st.composite
def _valid_geometry(draw):
    kernel, stride, pad = draw(KERNELS), draw(STRIDES), draw(PADS)
    size = draw(st.integers(max(1, kernel - 2 * pad), 40))
    return size, kernel, stride, pad


@pytest.mark.reproduce(f"{PART} -k 'output_size_hand_cases or output_size_counts'")
@examples(60)
@given(geometry=_valid_geometry())
def test_output_size_matches_formula(impl, geometry):
    """output_size on random valid geometries: floor((size + 2*pad - kernel) / stride) + 1, an int.
    output_size on random valid geometries: floor((size + 2*pad - kernel) / stride) + 1, an int."""
    size, kernel, stride, pad = geometry
    got = _size(impl, size, kernel, stride, pad)
    _check_size(impl, got, size, kernel, stride, pad)


@pytest.mark.reproduce(f"{PART} -k output_size_hand_cases")
@pytest.mark.parametrize(
    "size, kernel, stride, pad",
    [
        (5, 5, 1, 0),    # the kernel covers the whole input: one window
        (3, 7, 1, 2),    # ... the whole padded input
        (9, 1, 1, 0),    # 1x1 kernel
        (9, 2, 5, 0),    # stride larger than the kernel: pixels are skipped
        (10, 3, 4, 1),   # the last partial window is dropped
        (1, 1, 3, 0),    # a single pixel
        (4, 3, 7, 3),    # stride larger than the padded input
    ],
    ids=["kernel-eq-input", "kernel-eq-padded", "kernel-1", "stride-gt-kernel",
         "partial-window", "single-pixel", "stride-gt-input"],
)
def test_output_size_edge_cases(impl, size, kernel, stride, pad):
    """output_size when the kernel fills the (padded) input, is 1x1, or is outrun by the stride."""
    got = _size(impl, size, kernel, stride, pad)
    _check_size(impl, got, size, kernel, stride, pad)


@pytest.mark.reproduce(f"{PART} -k output_size_rejects")
def test_output_size_rejects_impossible_geometry(impl):
    """output_size raises ValueError when no window fits, and for stride, kernel or pad out of
    range."""
    output_size = impl.padding.output_size
    _check_size(impl, output_size(7, 3, 2, 1), 7, 3, 2, 1)
    cases = [
        ((3, 5, 1, 0), "the kernel is larger than the input: no window fits"),
        ((3, 8, 1, 2), "the kernel is larger than the padded input 3 + 2*2"),
        ((5, 3, 0, 0), "stride 0 never moves the window"),
        ((5, 3, -1, 0), "a negative stride"),
        ((5, 0, 1, 0), "an empty kernel"),
        ((5, 3, 1, -1), "a negative padding"),
    ]
    for (size, kernel, stride, pad), why in cases:
        expect_value_error(
            output_size, size, kernel, stride, pad,
            what=f"output_size({size}, kernel={kernel}, stride={stride}, pad={pad})", why=why,
            witness=evidence(impl, "padding.output_size_errors", "raises ValueError"),
        )


@pytest.mark.reproduce(f"{PART} -k same_pad_hand_cases")
def test_same_pad_keeps_size(impl):
    """same_pad(k) = (k - 1) // 2 for odd k, and keeps the size at stride 1."""
    for kernel in range(1, 16, 2):
        got = impl.padding.same_pad(kernel)
        expected = (kernel - 1) // 2
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)) or got != expected:
            raise AssertionError(
                f"same_pad({kernel}): expected the int {expected} (then a {kernel}x{kernel} "
                f"kernel at stride 1 keeps any size: size + 2*{expected} - {kernel} + 1 = "
                f"size), got {got!r}" + "".join(
                    f"\n  {line}" for line in evidence(
                        impl, "padding.same_pad", "is an int" if got == expected else "value"
                    ).lines()
                )
            )
    # and the size is kept, as computed by the learner's own output_size
    for size in (1, 6, 11):
        for kernel in (1, 3, 5, 7):
            if kernel <= size + 2 * ((kernel - 1) // 2):
                got = _size(impl, size, kernel, 1, impl.padding.same_pad(kernel))
                _check_size(impl, got, size, kernel, 1, (kernel - 1) // 2)


@pytest.mark.reproduce(f"{PART} -k same_pad_rejects")
def test_same_pad_rejects_even_kernels(impl):
    """same_pad raises ValueError for even (or empty) kernels."""
    assert impl.padding.same_pad(3) == 1, "same_pad(3) must be 1"
    for kernel in (2, 4, 8, 0):
        expect_value_error(
            impl.padding.same_pad, kernel, what=f"same_pad({kernel})",
            why="an even or empty kernel has no symmetric 'same' padding",
            witness=evidence(impl, "padding.same_pad", "raises ValueError"),
        )


def _pad_forms():
    amount = st.integers(0, 3)
    return st.one_of(
        amount,
        st.tuples(amount, amount),
        st.tuples(st.tuples(amount, amount), st.tuples(amount, amount)),
    )


def _normalized(pad):
    if isinstance(pad, int):
        return (pad, pad), (pad, pad)
    if isinstance(pad[0], int):
        return (pad[0], pad[0]), (pad[1], pad[1])
    return pad


@pytest.mark.reproduce(f"{PART} -k pad2d_puts_x_inside")
@examples(40)
@given(
    n=BATCH, h=st.integers(1, 9), w=st.integers(1, 9), c=CHANNELS, pad=_pad_forms(),
    value=st.sampled_from([0.0, -1.5, 2.25, -np.inf]),
    dtype=st.sampled_from([np.float64, np.float32]), seed=SEEDS,
)
def test_pad2d_matches_torch(impl, torch_device, n, h, w, c, pad, value, dtype, seed):
    """pad2d against torch's F.pad: every pad form, fill values, float32 and float64."""
    x = normal(seed, (n, h, w, c), dtype)
    what = f"pad2d(x {describe(x)}, pad={pad!r}, value={value})"
    got = call(impl.padding.pad2d, x, pad, value=value, what=what)
    expected = torch_ref.pad2d(x, pad, value, dev=torch_device).astype(dtype)
    assert_close(got, expected, what=what, dtype=dtype, rtol=0, atol=0, nonfinite_expected=True,
                 evidence=evidence(impl, "padding.pad2d", "out"))  # the border may be -inf


@pytest.mark.reproduce(f"{PART} -k per_axis_and_asymmetric")
@pytest.mark.parametrize(
    "pad",
    [2, (1, 3), (0, 2), ((0, 2), (3, 0)), ((1, 0), (0, 1)), ((3, 1), (2, 2)), 0],
    ids=["int", "pair", "pair-zero-h", "asym", "asym-corner", "asym-big", "zero"],
)
def test_pad2d_forms(impl, torch_device, pad):
    """pad2d with an int, a (ph, pw) pair and asymmetric ((top, bottom), (left, right)) pads."""
    x = normal(11, (2, 3, 5, 2))
    what = f"pad2d(x {describe(x)}, pad={pad!r})"
    got = call(impl.padding.pad2d, x, pad, what=what)
    expected = torch_ref.pad2d(x, pad, dev=torch_device)
    assert_close(got, expected, what=what, dtype=np.float64, rtol=0, atol=0,
                 evidence=evidence(impl, "padding.pad2d", "out"))


@pytest.mark.reproduce(f"{PART} -k fill_value")
@pytest.mark.parametrize("value", [7.5, -np.inf, np.nan], ids=["7.5", "-inf", "nan"])
def test_pad2d_fill_value(impl, value):
    """pad2d fills the border with `value` (7.5, -inf, nan), the interior with x."""
    x = normal(3, (1, 4, 3, 2))
    pad = ((1, 2), (2, 0))
    what = f"pad2d(x {describe(x)}, pad={pad!r}, value={value})"
    got = call(impl.padding.pad2d, x, pad, value=value, what=what)
    expected = np.pad(x, ((0, 0), (1, 2), (2, 0), (0, 0)), constant_values=value)
    assert_close(got, expected, what=what, dtype=np.float64, rtol=0, atol=0,
                 nonfinite_expected=True, evidence=evidence(impl, "padding.pad2d", "out"))


@pytest.mark.reproduce(f"{PART} -k keeps_dtype")
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_pad2d_keeps_dtype_and_input(impl, dtype):
    """pad2d returns x's dtype and leaves its (read-only) input unchanged."""
    x = normal(5, (2, 5, 3, 3), dtype)
    before = np.array(x)
    what = f"pad2d(x {describe(x)}, ((2, 1), (0, 3)), value=-2.0)"
    got = call(impl.padding.pad2d, x, ((2, 1), (0, 3)), value=-2.0, what=what)
    expected = np.pad(before, ((0, 0), (2, 1), (0, 3), (0, 0)), constant_values=-2.0)
    assert_close(got, expected.astype(dtype), what=what, dtype=dtype, rtol=0, atol=0,
                 evidence=evidence(impl, "padding.pad2d", "out"))
    assert_close(x, before, what="pad2d's input after the call (it must not change)",
                 rtol=0, atol=0)


@pytest.mark.reproduce(f"{PART} -k keeps_dtype")
@pytest.mark.parametrize(
    "pad", [0, (0, 0), ((0, 0), (0, 0)), 1], ids=["0", "(0,0)", "((0,0),(0,0))", "1"]
)
def test_pad2d_returns_a_new_array(impl, pad):
    """pad2d returns a new, writeable array, even when there is nothing to pad."""
    x = normal(7, (2, 3, 4, 2))
    what = f"pad2d(x {describe(x)} read-only, {pad!r})"
    got = call(impl.padding.pad2d, x, pad, what=what)
    (t, b), (l, r) = _normalized(pad)
    assert_close(got, np.pad(x, ((0, 0), (t, b), (l, r), (0, 0))), what=what, dtype=np.float64,
                 rtol=0, atol=0, evidence=evidence(impl, "padding.pad2d", "out"))
    if not got.flags.writeable:
        raise AssertionError(
            f"{what} returned a read-only array: it is x itself (or a view of it). pad2d must "
            "return a new array even when the padding is zero; whoever writes into the result "
            "would otherwise write into x. Fill a new array (np.full / np.pad), or x.copy()")


@pytest.mark.reproduce(f"{PART} -k pad2d_rejects")
def test_pad2d_rejects_bad_input(impl):
    """pad2d raises ValueError for a non-NHWC x and for negative pads."""
    pad2d = impl.padding.pad2d
    x = normal(1, (1, 2, 2, 1))
    assert_close(call(pad2d, x, 1, what="pad2d"), np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0))),
                 what="pad2d(x (1, 2, 2, 1), 1)", rtol=0, atol=0,
                 evidence=evidence(impl, "padding.pad2d", "out"))
    expect_value_error(pad2d, readonly(np.zeros((2, 3, 4))), 1, what="pad2d(x of shape (2, 3, 4))",
                       why="x must be NHWC, 4 dimensions")
    expect_value_error(pad2d, x, -1, what="pad2d(x, -1)", why="a negative padding")
    expect_value_error(pad2d, x, ((1, -2), (0, 0)), what="pad2d(x, ((1, -2), (0, 0)))",
                       why="a negative padding")
