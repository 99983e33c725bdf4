"""Hidden tests, part 2: im2col and col2im (through `impl` only)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from coursekit.checks import assert_close, readonly
from coursekit.evidence import evidence
from grader.hidden import torch_ref
from grader.hidden.support import (
    SEEDS,
    call,
    conv_geometry,
    describe,
    examples,
    expect_value_error,
    normal,
    out_size,
)

pytestmark = pytest.mark.im2col

PART = "uv run pytest stages/s13_cnn/im2col"


def _oracle_im2col(x: np.ndarray, KH: int, KW: int, stride: int, pad: int) -> np.ndarray:
    """The contract, one entry at a time: row (n, h, v), column (i, j, c)."""
    N, H, W, C = x.shape
    H_out, W_out = out_size(H, KH, stride, pad), out_size(W, KW, stride, pad)
    xp = np.zeros((N, H + 2 * pad, W + 2 * pad, C), x.dtype)
    xp[:, pad : pad + H, pad : pad + W, :] = x
    cols = np.zeros((N * H_out * W_out, KH * KW * C), x.dtype)
    for n in range(N):
        for h in range(H_out):
            for v in range(W_out):
                row = (n * H_out + h) * W_out + v
                for i in range(KH):
                    for j in range(KW):
                        for c in range(C):
                            cols[row, (i * KW + j) * C + c] = xp[n, h * stride + i,
                                                                 v * stride + j, c]
    return cols


def _im2col_case(impl, x, KH, KW, stride, pad, dev, kernel=None):
    kernel = (KH, KW) if kernel is None else kernel
    what = f"im2col(x {describe(x)}, kernel={kernel}, stride={stride}, pad={pad})"
    got = call(impl.im2col.im2col, x, kernel, stride, pad, what=what)
    expected = torch_ref.unfold(x, (KH, KW), stride, pad, dev=dev).astype(x.dtype)
    N, H, W, C = x.shape
    assert_close(got, expected, what=what, dtype=x.dtype, rtol=0, atol=0,
                 evidence=evidence(impl, "im2col.im2col", "cols"))


@pytest.mark.reproduce(f"{PART} -k im2col_matches_the_reference")
@examples(60)
@given(g=conv_geometry(), seed=SEEDS)
def test_im2col_matches_torch_unfold(impl, torch_device, g, seed):
    """im2col against torch's F.unfold (reordered to rows (n, h, w), columns (kh, kw, c)) on random
    geometries."""
    x = normal(seed, (g.N, g.H, g.W, g.C))
    _im2col_case(impl, x, g.KH, g.KW, g.stride, g.pad, torch_device)


@pytest.mark.reproduce(f"{PART} -k columns_in_kh_kw_c_order")
def test_im2col_row_and_column_order(impl):
    """im2col against an entry-by-entry oracle on an input whose values name their position."""
    # every value names its position: 1 + n*1000 + h*100 + w*10 + c; padding reads 0
    N, H, W, C, KH, KW, stride, pad = 2, 5, 4, 3, 3, 2, 2, 1
    n, h, w, c = np.meshgrid(*(np.arange(s) for s in (N, H, W, C)), indexing="ij")
    x = readonly((1 + n * 1000 + h * 100 + w * 10 + c).astype(np.float64))
    what = f"im2col(x {describe(x)}, kernel=({KH}, {KW}), stride={stride}, pad={pad})"
    got = call(impl.im2col.im2col, x, (KH, KW), stride, pad, what=what)
    expected = _oracle_im2col(x, KH, KW, stride, pad)
    H_out, W_out = out_size(H, KH, stride, pad), out_size(W, KW, stride, pad)
    try:
        assert_close(got, expected, what=what, dtype=np.float64, rtol=0, atol=0,
                     evidence=evidence(impl, "im2col.im2col", "cols"))
    except AssertionError as exc:
        if not (isinstance(got, np.ndarray) and got.shape == expected.shape):
            raise
        row, col = (int(i) for i in np.argwhere(got != expected)[0])
        rn, rest = divmod(row, H_out * W_out)
        rh, rv = divmod(rest, W_out)
        ij, cc = divmod(col, C)
        ci, cj = divmod(ij, KW)
        value = got[row, col]
        if value == 0:
            source = "a padding zero"
        elif np.any(x == value):
            source = "x[{}, {}, {}, {}]".format(*np.argwhere(x == value)[0])
        else:
            source = f"{value!r}, which is no entry of x"
        raise AssertionError(
            f"{exc}\n  where: row {row} is the window (n={rn}, h_out={rh}, w_out={rv}) and "
            f"column {col} the kernel offset (kh={ci}, kw={cj}, c={cc}); it should hold "
            f"xp[{rn}, {rh * stride + ci}, {rv * stride + cj}, {cc}] (xp = x padded by {pad}), "
            f"but holds {source} (each x entry here is 1 + n*1000 + h*100 + w*10 + c)"
        ) from None


@pytest.mark.reproduce(f"{PART} -k 'im2col_hand_case or im2col_matches_the_reference'")
@pytest.mark.parametrize(
    "shape, kernel, stride, pad",
    [
        ((2, 5, 7, 3), 1, 1, 0),          # 1x1 kernel: the pixels, one per row
        ((2, 3, 4, 2), (7, 8), 1, 2),     # kernel as large as the padded input: one row
        ((1, 9, 7, 2), 2, 3, 0),          # stride larger than the kernel: pixels skipped
        ((1, 6, 5, 1), 3, 2, 1),          # single image, single channel
        ((3, 7, 5, 4), (1, 5), 2, 3),     # non-square, padding larger than needed
        ((2, 4, 6, 2), 3, 1, 3),          # windows made of padding only
    ],
    ids=["kernel-1", "kernel-eq-padded", "stride-gt-kernel", "single-image-channel",
         "non-square", "pad-3"],
)
def test_im2col_edge_cases(impl, torch_device, shape, kernel, stride, pad):
    """im2col with a 1x1 kernel, a kernel as large as the padded input, stride > kernel, one image
    and channel."""
    KH, KW = (kernel, kernel) if isinstance(kernel, int) else kernel
    x = normal(sum(shape) + KH, shape)
    _im2col_case(impl, x, KH, KW, stride, pad, torch_device, kernel=kernel)


@pytest.mark.reproduce(f"{PART} -k shapes_and_dtypes")
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_im2col_keeps_dtype_and_input(impl, torch_device, dtype):
    """im2col keeps float32 and float64 and leaves its read-only input unchanged."""
    x = normal(7, (2, 6, 5, 3), dtype)
    before = np.array(x)
    _im2col_case(impl, x, 3, 2, 1, 1, torch_device)
    assert_close(x, before, what="im2col's input after the call (it must not change)",
                 rtol=0, atol=0)


def _col2im_case(impl, cols, x_shape, KH, KW, stride, pad, dev, dtype=np.float64):
    what = (f"col2im(cols {describe(cols)}, x_shape={x_shape}, kernel=({KH}, {KW}), "
            f"stride={stride}, pad={pad})")
    got = call(impl.im2col.col2im, cols, x_shape, (KH, KW), stride, pad, what=what)
    expected = torch_ref.fold(cols, x_shape, (KH, KW), stride, pad, dev=dev)
    rtol, atol = (1e-12, 1e-12) if dtype == np.float64 else (1e-5, 1e-5)
    assert_close(got, expected, what=what, dtype=dtype, rtol=rtol, atol=atol,
                 evidence=evidence(impl, "im2col.col2im", "x"))


@pytest.mark.reproduce(f"{PART} -k col2im_matches_the_reference")
@examples(60)
@given(g=conv_geometry(), seed=SEEDS)
def test_col2im_matches_torch_fold(impl, torch_device, g, seed):
    """col2im against torch's F.fold: overlaps summed, padding cropped, random geometries."""
    N, H, W, C, KH, KW = g.N, g.H, g.W, g.C, g.KH, g.KW
    rows = N * out_size(H, KH, g.stride, g.pad) * out_size(W, KW, g.stride, g.pad)
    cols = normal(seed, (rows, KH * KW * C))
    _col2im_case(impl, cols, (N, H, W, C), KH, KW, g.stride, g.pad, torch_device)


@pytest.mark.reproduce(f"{PART} -k adjoint")
@examples(30)
@given(g=conv_geometry(), seed=SEEDS)
def test_col2im_is_the_adjoint_of_im2col(impl, torch_device, g, seed):
    """<im2col(x), c> == <x, col2im(c)> for random x and c: col2im is im2col's adjoint
    (and im2col(x) is torch's unfold, so that zeros on both sides do not pass)."""
    N, H, W, C, KH, KW, s, p = g.N, g.H, g.W, g.C, g.KH, g.KW, g.stride, g.pad
    x = normal(seed, (N, H, W, C))
    what = f"kernel=({KH}, {KW}), stride={s}, pad={p}, x {describe(x)}"
    cols_x = call(impl.im2col.im2col, x, (KH, KW), s, p, what=f"im2col({what})")
    if not isinstance(cols_x, np.ndarray):
        raise AssertionError(f"im2col({what}) must return an ndarray, got {type(cols_x)}")
    assert_close(cols_x, torch_ref.unfold(x, (KH, KW), s, p, dev=torch_device), rtol=0, atol=0,
                 what=f"im2col({what})")
    c = normal(seed + 1, cols_x.shape)
    back = call(impl.im2col.col2im, c, (N, H, W, C), (KH, KW), s, p, what=f"col2im({what})")
    if not isinstance(back, np.ndarray) or back.shape != x.shape:
        raise AssertionError(
            f"col2im({what}) must return an array of x's shape {x.shape}, got "
            f"{getattr(back, 'shape', type(back))}"
        )
    lhs, rhs = float(np.vdot(cols_x, c)), float(np.vdot(x, back))
    if not np.isclose(lhs, rhs, rtol=1e-9, atol=1e-9):
        raise AssertionError(
            f"col2im is not the adjoint of im2col ({what}): <im2col(x), c> = {lhs:.12g} but "
            f"<x, col2im(c)> = {rhs:.12g}. col2im must add every entry of c back to the "
            "pixel im2col read it from (same row/column order, overlaps summed, padding "
            "cropped), so that these two inner products agree for every x and c"
        )


@pytest.mark.reproduce(f"{PART} -k sums_overlapping_windows")
@pytest.mark.parametrize(
    "x_shape, kernel, stride, pad",
    [((1, 3, 3, 1), 2, 1, 0), ((2, 4, 5, 2), 3, 1, 1), ((1, 7, 7, 3), 3, 2, 0),
     ((1, 5, 4, 1), (2, 3), 1, 2)],
    ids=["3x3-k2", "pad-1", "stride-2", "non-square-pad-2"],
)
def test_col2im_sums_overlaps(impl, x_shape, kernel, stride, pad):
    """col2im of ones counts, for every pixel, the windows that hold it."""
    KH, KW = (kernel, kernel) if isinstance(kernel, int) else kernel
    N, H, W, C = x_shape
    H_out, W_out = out_size(H, KH, stride, pad), out_size(W, KW, stride, pad)
    # col2im of ones counts, for every pixel, the windows that hold it
    counts = np.zeros((H + 2 * pad, W + 2 * pad))
    for h in range(H_out):
        for v in range(W_out):
            counts[h * stride : h * stride + KH, v * stride : v * stride + KW] += 1
    expected = np.broadcast_to(counts[pad : pad + H, pad : pad + W, None], (N, H, W, C)).copy()
    ones = readonly(np.ones((N * H_out * W_out, KH * KW * C)))
    what = (f"col2im(ones {describe(ones)}, {x_shape}, kernel={kernel}, stride={stride}, "
            f"pad={pad}): the number of windows that hold each pixel")
    got = call(impl.im2col.col2im, ones, x_shape, kernel, stride, pad, what=what)
    assert_close(got, expected, what=what, dtype=np.float64, rtol=0, atol=1e-12,
                 evidence=evidence(impl, "im2col.col2im", "x"))


@pytest.mark.reproduce(f"{PART} -k 'col2im and (shapes_and_dtypes or oracle)'")
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_col2im_keeps_dtype_and_rejects_wrong_shape(impl, torch_device, dtype):
    """col2im keeps the dtype, leaves cols unchanged, and raises ValueError for a wrong cols shape.
    col2im keeps the dtype, leaves cols unchanged, and raises ValueError for a wrong cols shape."""
    x_shape, KH, KW, stride, pad = (2, 5, 6, 3), 3, 3, 2, 1
    cols = normal(9, (2 * 3 * 3, KH * KW * 3), dtype)
    before = np.array(cols)
    _col2im_case(impl, cols, x_shape, KH, KW, stride, pad, torch_device, dtype=dtype)
    assert_close(cols, before, what="col2im's cols after the call (it must not change)",
                 rtol=0, atol=0)
    for bad_shape in ((2 * 3 * 3 + 1, KH * KW * 3), (2 * 3 * 3, KH * KW * 3 - 1)):
        expect_value_error(
            impl.im2col.col2im, readonly(np.zeros(bad_shape, dtype)), x_shape, (KH, KW),
            stride, pad, what=f"col2im(cols of shape {bad_shape}, x_shape={x_shape}, kernel=3, "
            f"stride=2, pad=1)", why=f"cols must have shape {(18, 27)}",
        )
