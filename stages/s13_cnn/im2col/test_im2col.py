"""Part 2, im2col and col2im.

Run just this part:   uv run pytest stages/s13_cnn/im2col      (or: -m im2col)
The tests climb a ladder: cases you can check by hand, then random geometries against
the reference's results (precomputed, in expected.npz), then the properties that make
col2im the backward of im2col. Fix the first failing rung first.
"""

import numpy as np
import pytest
from hypothesis import given

from coursekit.anchors import IM2COL_PROPERTY, IM2COL_SQUARE, IM2COL_TILES
from coursekit.checks import assert_close, assert_shape, check_dtype, readonly
from coursekit.evidence import evidence
from coursekit.expected import IM2COL_CASES, lookup
from coursekit.strategies import conv_geometries, normal_array, seeds

pytestmark = pytest.mark.im2col


# Precomputed from the reference (coursekit/expected.py says how), never computed here ----


# Rung 1: hand-checked cases ------------------------------------------------------------


def test_im2col_hand_case_3x4_image_2x2_kernel(impl):
    """Six windows of a 3x4 image, each raveled row by row."""
    x = readonly(np.arange(1.0, 13.0).reshape(1, 3, 4, 1))
    # 1  2  3  4
    # 5  6  7  8
    # 9 10 11 12
    expected = np.array(
        [
            [1, 2, 5, 6],
            [2, 3, 6, 7],
            [3, 4, 7, 8],
            [5, 6, 9, 10],
            [6, 7, 10, 11],
            [7, 8, 11, 12],
        ],
        dtype=float,
    )
    by_columns = [[1, 2, 5, 6], [5, 6, 9, 10], [2, 3, 6, 7], [6, 7, 10, 11], [3, 4, 7, 8]]
    by_columns.append([7, 8, 11, 12])  # the windows walked down each column first
    got = impl.im2col.im2col(x, 2)
    assert_close(
        got,
        expected,
        what="im2col(x, 2)",
        dtype=np.float64,
        evidence=evidence(impl, "im2col.im2col", "cols"),
    )


def test_im2col_hand_case_columns_in_kh_kw_c_order(impl):
    """With two channels, a column index is (i*KW + j)*C + c: channels run fastest."""
    x = readonly(np.array([[[1.0, 10.0], [2.0, 20.0]], [[3.0, 30.0], [4.0, 40.0]]])[None])
    expected = np.array([[1, 10, 2, 20, 3, 30, 4, 40]], dtype=float)
    assert_close(
        impl.im2col.im2col(x, (2, 2)),
        expected,
        what="im2col(x, 2)",
        evidence=evidence(impl, "im2col.im2col", "cols"),
    )


def test_im2col_hand_case_stride_2_pad_1(impl):
    """A 3x3 image padded to 5x5; 2x2 windows at rows and columns 0 and 2."""
    x = readonly(np.arange(1.0, 10.0).reshape(1, 3, 3, 1))
    # padded:  0 0 0 0 0 / 0 1 2 3 0 / 0 4 5 6 0 / 0 7 8 9 0 / 0 0 0 0 0
    expected = np.array([[0, 0, 0, 1], [0, 0, 2, 3], [0, 4, 0, 7], [5, 6, 8, 9]], dtype=float)
    got = impl.im2col.im2col(x, 2, stride=2, pad=1)
    assert_close(
        got,
        expected,
        what="im2col(x, 2, stride=2, pad=1)",
        evidence=evidence(impl, "im2col.im2col", "cols"),
    )


def test_col2im_hand_case_sums_overlapping_windows(impl):
    """col2im of all-ones cols counts how many 2x2 windows hold each pixel of a 3x3 image."""
    cols = readonly(np.ones((4, 4)))
    expected = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], dtype=float).reshape(1, 3, 3, 1)
    got = impl.im2col.col2im(cols, (1, 3, 3, 1), 2)
    what = "col2im(ones, (1, 3, 3, 1), 2)"
    assert_close(
        got, expected, what=what, dtype=np.float64, evidence=evidence(impl, "im2col.col2im", "x")
    )


def test_col2im_hand_case_crops_the_padding(impl):
    """3x3 windows over a 3x3 image padded by 1: counts per row are 2, 3, 2 (same per column)."""
    cols = readonly(np.ones((9, 9)))
    expected = np.outer([2, 3, 2], [2, 3, 2]).astype(float).reshape(1, 3, 3, 1)
    got = impl.im2col.col2im(cols, (1, 3, 3, 1), 3, stride=1, pad=1)
    assert_close(
        got,
        expected,
        what="col2im(ones, (1, 3, 3, 1), 3, pad=1)",
        evidence=evidence(impl, "im2col.col2im", "x"),
    )


# Rung 2: random geometries against the reference's precomputed results ----------------


@pytest.mark.parametrize("case", IM2COL_CASES, ids=lambda c: c.name)
def test_im2col_matches_the_reference(impl, case):
    """Any geometry: non-square, stride > 1, pad > 0, C = 1, N = 1; dtype kept."""
    g, (x, *_) = case.g, case.inputs()
    expected = lookup("im2col", case.name, "im2col")
    got = impl.im2col.im2col(x, (g.KH, g.KW), g.stride, g.pad)
    assert_close(
        got,
        expected,
        what=f"im2col for {g}",
        dtype=case.dtype,
        evidence=evidence(impl, "im2col.im2col", "cols"),
    )


@pytest.mark.parametrize("case", IM2COL_CASES, ids=lambda c: c.name)
def test_col2im_matches_the_reference(impl, case):
    """Any geometry; the result has x's shape and cols' dtype."""
    g = case.g
    expected = lookup("im2col", case.name, "col2im")
    got = impl.im2col.col2im(case.cols(), g.x_shape, (g.KH, g.KW), g.stride, g.pad)
    assert_close(
        got,
        expected,
        what=f"col2im for {g}",
        dtype=case.dtype,
        evidence=evidence(impl, "im2col.col2im", "x"),
    )


# Rung 3: properties --------------------------------------------------------------------


def check_the_stored_case(impl) -> None:
    """A property of your two functions holds for zeros too: first, one stored case."""
    case = IM2COL_PROPERTY
    g, (x, *_) = case.g, case.inputs()
    cols = impl.im2col.im2col(x, (g.KH, g.KW), g.stride, g.pad)
    what = f"for {g} (the stored case a property starts from)"
    assert_close(
        cols,
        lookup("im2col", case.name, "im2col"),
        what=f"im2col {what}",
        evidence=evidence(impl, "im2col.im2col", "cols"),
    )
    back = impl.im2col.col2im(case.cols(), g.x_shape, (g.KH, g.KW), g.stride, g.pad)
    assert_close(
        back,
        lookup("im2col", case.name, "col2im"),
        what=f"col2im {what}",
        evidence=evidence(impl, "im2col.col2im", "x"),
    )


@given(g=conv_geometries(), seed=seeds)
def test_col2im_is_the_adjoint_of_im2col(impl, g, seed):
    """<im2col(x), c> == <x, col2im(c)> for every x and c: col2im is im2col's backward."""
    check_the_stored_case(impl)
    x = readonly(normal_array(seed, g.x_shape))
    c = readonly(normal_array(seed + 1, g.cols_shape))
    cols = impl.im2col.im2col(x, (g.KH, g.KW), g.stride, g.pad)
    back = impl.im2col.col2im(c, g.x_shape, (g.KH, g.KW), g.stride, g.pad)
    assert_shape(cols, g.cols_shape, f"im2col for {g}")
    assert_shape(back, g.x_shape, f"col2im for {g}")
    assert_close(
        float(np.vdot(x, back)),
        float(np.vdot(cols, c)),
        what=f"<x, col2im(c)> for {g}",
        evidence=evidence(impl, "im2col.col2im", "x"),
    )


@pytest.mark.parametrize("kernel", IM2COL_TILES)
def test_col2im_undoes_im2col_when_windows_tile_the_image(impl, kernel):
    """With stride == kernel and windows that tile x exactly, every pixel is read once."""
    case = IM2COL_TILES[kernel]
    x, shape = case.inputs()[0], case.g.x_shape
    cols = impl.im2col.im2col(x, kernel, kernel)
    assert_close(
        cols,
        lookup("im2col", case.name, "im2col"),
        what=f"im2col(x, {kernel}, {kernel})",
        evidence=evidence(impl, "im2col.im2col", "cols"),
    )
    back = impl.im2col.col2im(readonly(cols), shape, kernel, kernel)
    assert_close(
        back,
        x,
        what=f"col2im(im2col(x, {kernel}, stride={kernel}))",
        evidence=evidence(impl, "im2col.col2im", "x"),
    )


def test_col2im_rejects_cols_of_the_wrong_shape(impl):
    """cols must be (N*H_out*W_out, KH*KW*C) for the given x_shape: ValueError otherwise."""
    good = impl.im2col.col2im(readonly(np.ones((4, 4))), (1, 3, 3, 1), 2)
    assert_shape(good, (1, 3, 3, 1), "col2im(ones (4, 4), (1, 3, 3, 1), 2)")
    for shape in [(4, 5), (5, 4), (16,)]:
        with pytest.raises(ValueError):
            impl.im2col.col2im(readonly(np.ones(shape)), (1, 3, 3, 1), 2)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_im2col_and_col2im_shapes_and_dtypes(impl, dtype):
    """(N*H_out*W_out, KH*KW*C) and back to (N, H, W, C), in the input's dtype."""
    x = readonly(normal_array(3, (2, 7, 6, 3), dtype))
    cols = impl.im2col.im2col(x, (3, 2), 2, 1)  # H_out = (9-3)//2+1 = 4, W_out = (8-2)//2+1 = 4
    assert_shape(cols, (2 * 4 * 4, 3 * 2 * 3), "im2col(x (2, 7, 6, 3), (3, 2), 2, 1)")
    check_dtype(cols, dtype, "im2col result")
    back = impl.im2col.col2im(readonly(cols), x.shape, (3, 2), 2, 1)
    assert_shape(back, x.shape, "col2im result")
    check_dtype(back, dtype, "col2im result")


def test_im2col_int_kernel_means_square(impl):
    """kernel=3 and kernel=(3, 3) give the same columns."""
    x = IM2COL_SQUARE.inputs()[0]  # (1, 5, 4, 2)
    square = impl.im2col.im2col(x, (3, 3), 1, 1)
    assert_shape(square, (20, 18), "im2col(x (1, 5, 4, 2), (3, 3), 1, 1)")
    assert_close(
        square,
        lookup("im2col", "square", "im2col"),
        what="im2col(x, (3, 3), 1, 1)",
        evidence=evidence(impl, "im2col.im2col", "cols"),
    )
    assert_close(
        impl.im2col.im2col(x, 3, 1, 1),
        square,
        what="im2col(x, 3) vs (3, 3)",
        evidence=evidence(impl, "im2col.im2col", "cols"),
    )
