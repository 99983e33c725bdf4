"""The teaching assertions never pass degenerate output: NaN or inf where the expected
values are finite, non-finite values on the expected side (the learner's own), object
arrays, empty or mis-shaped arrays; and central differences of a NaN are an error."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit.checks import assert_close, numerical_gradient, readonly


def nan_at(shape: tuple, *indices: tuple) -> np.ndarray:
    a = np.ones(shape)
    for index in indices:
        a[index] = np.nan
    return a


def test_nan_where_the_expected_values_are_finite_fails_and_says_where():
    got = nan_at((2, 4, 4, 3), (0, 3, 1, 2), (1, 0, 0, 0))
    with pytest.raises(AssertionError) as info:
        assert_close(got, np.ones((2, 4, 4, 3)), what="conv_forward")
    message = str(info.value)
    assert "your output has 2 NaN values, first at [0, 3, 1, 2]" in message
    assert "where the expected values are finite" in message


def test_inf_is_counted_apart_from_nan():
    got = np.array([np.inf, -np.inf, np.nan, 1.0])
    with pytest.raises(AssertionError, match="1 NaN value and 1 inf value and 1 -inf value"):
        assert_close(got, np.ones(4), what="out")


@pytest.mark.parametrize("got", [np.full(3, np.nan), np.ones(3)], ids=["nan", "finite"])
def test_non_finite_expected_values_fail_whatever_got_holds(got):
    """Two outputs of the learner, one of them NaN: the comparison proves nothing."""
    expected = np.full(3, np.nan)
    with pytest.raises(AssertionError, match="computed by your code, hold 3 NaN values"):
        assert_close(got, expected, what="conv_forward vs your conv_forward_naive")


def test_non_finite_expected_values_the_test_put_there_must_be_matched():
    expected = np.array([-np.inf, 1.0, np.nan])
    assert_close(expected.copy(), expected, what="pad2d", nonfinite_expected=True)
    with pytest.raises(AssertionError, match="your output has 1 NaN value"):
        assert_close(np.array([-np.inf, np.nan, np.nan]), expected, what="pad2d",
                     nonfinite_expected=True)
    with pytest.raises(AssertionError):
        assert_close(np.array([0.0, 1.0, np.nan]), expected, what="pad2d",
                     nonfinite_expected=True)


def test_values_outside_where_are_not_checked_for_finiteness():
    """numerical_gradient leaves the unsampled elements NaN: where= skips them."""
    num = np.array([0.5, np.nan, np.nan])
    assert_close(np.array([0.5, 7.0, np.nan]), num, what="dx", where=~np.isnan(num))


def test_object_arrays_fail_even_holding_the_right_numbers():
    got = np.ones(4).astype(object)
    with pytest.raises(AssertionError, match="expected an array of numbers .* dtype object"):
        assert_close(got, np.ones(4), what="im2col")


@pytest.mark.parametrize("shape", [(0,), (0, 1)])
def test_empty_arrays_fail(shape):
    with pytest.raises(AssertionError, match="wrong shape"):
        assert_close(np.zeros(shape), np.zeros(3), what="predict")


@pytest.mark.parametrize("got, expected", [(np.nan, 1.0), (np.nan, np.nan), (1.0, np.nan)])
def test_a_nan_scalar_never_passes(got, expected):
    with pytest.raises(AssertionError):
        assert_close(got, expected, what="loss")


def test_the_right_values_still_pass():
    x = np.arange(6.0).reshape(2, 3)
    assert_close(x + 1e-12, x, what="x")
    assert_close(2.0, 2.0 + 1e-12, what="loss")


def test_central_differences_of_a_nan_are_an_error_not_nan():
    x = readonly(np.ones((2, 3)))
    with pytest.raises(AssertionError, match="gave nan and nan with element \\[0, 0\\] moved"):
        numerical_gradient(lambda v: float("nan"), x)


def test_central_differences_of_a_finite_function_are_its_gradient():
    x = readonly(np.arange(4.0))
    num = numerical_gradient(lambda v: float(np.sum(v**2)), x)
    assert_close(num, 2 * np.arange(4.0), what="d sum(x^2)", rtol=1e-6, atol=1e-6)
