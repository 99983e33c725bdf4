"""Every "likely mistake" rule of coursekit.diagnose names the mistakes it is for, and
claims nothing for the look-alikes it must not name (a wrong hint is worse than none)."""

from __future__ import annotations

import numpy as np
import pytest
from mistakes.catalog import MISTAKES
from mistakes.named import NAMED_BY, PARTS_NAMED

from coursekit.checks import assert_close, assert_shape, check_dtype
from coursekit.diagnose import diagnose, shape_hints

rng = np.random.default_rng(0)
X = rng.standard_normal((2, 4, 4, 3))  # an NHWC batch, square planes
W = rng.standard_normal((3, 3, 3, 2))  # a (KH, KW, C, F) kernel with KW == C


def message(got, expected, **kwargs) -> str:
    with pytest.raises(AssertionError) as failed:
        assert_close(got, expected, what="result", **kwargs)
    return str(failed.value)


def hints(got, expected, **kwargs) -> str:
    return " | ".join(diagnose(got, expected, **kwargs))


# -- shapes ------------------------------------------------------------------------------


def test_swapped_h_and_w_shape_is_named():
    assert "H and W are swapped" in " ".join(shape_hints((1, 5, 3, 1), (1, 3, 5, 1)))


@pytest.mark.parametrize(
    "got, expected",
    [((1, 3, 4, 1), (1, 4, 5, 1)),  # pad2d padding only top and left
     ((1, 3, 3, 1), (1, 2, 2, 1)),  # max pooling with stride=None taken as 1
     ((2, 5, 5, 3), (2, 4, 4, 3))],  # an output size formula without + 1
)  # fmt: skip
def test_an_off_by_one_shape_claims_no_cause(got, expected):
    assert shape_hints(got, expected) == []


def test_a_shape_variant_is_named_only_when_it_matches():
    alt = {"stride=None taken as 1": (1, 3, 3, 1)}
    assert "stride=None taken as 1" in hints(np.zeros((1, 3, 3, 1)), np.ones((1, 2, 2, 1)),
                                             alternatives=alt)  # fmt: skip
    assert hints(np.zeros((1, 4, 4, 1)), np.ones((1, 2, 2, 1)), alternatives=alt) == ""


def test_same_size_other_shape_names_a_reshape_but_not_a_swap():
    found = " ".join(shape_hints((4, 6), (6, 4)))
    assert "H and W are swapped" in found
    assert shape_hints((3, 8), (6, 4)) == [
        "same number of elements, different shape: check a reshape or transpose"
    ]


# -- values ------------------------------------------------------------------------------


def test_a_matching_variant_is_named_and_a_near_one_is_not():
    alt = {"kernel flipped": X * 2}
    assert "kernel flipped" in hints(X * 2, X, alternatives=alt)
    assert "kernel flipped" not in hints(X * 2 + 0.1, X, alternatives=alt)


def test_transposed_planes_are_named_in_the_layout_given():
    assert "transposed in H and W" in hints(np.swapaxes(X, 1, 2), X)
    assert "transposed in KH and KW" in hints(np.swapaxes(W, 0, 1), W, layout="HWCF")


def test_a_kernel_is_never_called_transposed_in_h_and_w():
    # swapping axes 1 and 2 of a (KH, KW, C, F) kernel mixes KW with C: not a transpose
    assert "transposed" not in hints(np.swapaxes(W, 1, 2), W, layout="HWCF")


def test_a_symmetric_result_is_not_called_transposed():
    sym = X + np.swapaxes(X, 1, 2)
    assert "transposed" not in hints(sym + 1.0, sym)


@pytest.mark.parametrize(
    "k, words",
    [(-1.0, "sign is flipped"), (0.25, "expected / 4"), (4.0, "4 * expected")],
)
def test_simple_factors_are_named(k, words):
    assert words in hints(k * X, X)


@pytest.mark.parametrize("k", [2**-0.5, 3**0.5, 0.9])  # LeCun for He; fan_in without C
def test_other_factors_claim_nothing(k):
    assert hints(k * X, X) == ""


def test_a_shifted_crop_is_not_called_a_factor():
    big = rng.standard_normal((1, 6, 6, 1))
    right, shifted = big[:, 1:5, 1:5], big[:, :4, :4]  # crop [pad:pad+H] vs [0:H]
    assert hints(shifted, right) == ""


def test_one_nonzero_expected_value_is_not_a_factor():
    e = np.zeros((1, 3, 3, 1))
    e[0, 1, 1, 0] = 2.0
    assert "expected" not in hints(3 * e, e)


def test_a_constant_per_channel_is_called_a_bias_and_noise_is_not():
    assert "bias" in hints(X + np.array([1.0, -2.0, 0.5]), X)
    assert "bias" not in hints(X + rng.standard_normal(X.shape), X)


def test_zeros_and_non_finite_values_are_named_only_when_unexpected():
    assert "all zeros" in hints(np.zeros_like(X), X)
    assert hints(np.zeros_like(X), np.zeros_like(X)) == ""
    assert "NaN or inf" in hints(np.full(X.shape, np.nan), X)
    expected_nan = X.copy()
    expected_nan[0, 0, 0, 0] = np.nan
    assert "NaN or inf" not in hints(np.full(X.shape, np.nan), expected_nan)


def test_border_only_mistakes_are_named_and_interior_ones_are_not():
    border = X.copy()
    border[:, 0] += 1.0
    assert "border" in hints(border, X)
    inside = X.copy()
    inside[:, 1:3, 1:3] += rng.standard_normal((2, 2, 2, 3))
    assert "border" not in hints(inside, X)


# -- the message around the hints ----------------------------------------------------------


def test_no_relative_error_is_claimed_where_the_expected_values_are_zero():
    e = np.zeros((1, 3, 3, 1))
    text = message(e + np.eye(3)[None, :, :, None], e)
    assert "max rel error" not in text and "expected value is 0 at every wrong element" in text


def test_wrong_values_come_before_a_wrong_dtype():
    e = X.astype(np.float32)
    text = message((X + 1.0).astype(np.float64), e, dtype=np.float32)
    assert text.startswith("result: values differ") and "expected dtype float32" in text
    assert "promoted" not in text
    with pytest.raises(AssertionError, match="promoted float32 to float64"):
        check_dtype(X, np.float32, "result")
    with pytest.raises(AssertionError, match="promoted float32 to float64"):
        assert_close(e.astype(np.float64), e, what="result", dtype=np.float32)


def test_assert_shape_claims_no_size_formula():
    with pytest.raises(AssertionError) as failed:
        assert_shape(np.zeros((1, 3, 4, 1)), (1, 4, 5, 1), "pad2d(x, 1)")
    assert "likely mistake" not in str(failed.value)


def test_every_mistake_of_the_catalog_says_how_it_is_named():
    assert {m.name for m in MISTAKES if m.part in PARTS_NAMED} == set(NAMED_BY)


def test_a_zero_result_claims_no_factor():
    """got == 0 * expected is no 'summed where you should average': a crop, a stride or a
    missing term gives zeros too (the catalog's pad2d, im2col and conv-bias mistakes)."""
    expected = np.array([1.5, -2.0, 0.5])  # too small for the all-zeros rule
    assert "summed where you should average" not in " ".join(diagnose(np.zeros(3), expected))
    assert "summed where you should average" in " ".join(diagnose(2 * expected, expected))
