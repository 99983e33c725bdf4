"""A check without evidence claims no mistake: it says what is wrong with this one output,
as facts (coursekit.relations), and only a witness (coursekit.evidence) may say "likely
mistake". Every mistake of the catalog says how its feedback names it."""

from __future__ import annotations

import numpy as np
import pytest
from mistakes.catalog import MISTAKES
from mistakes.named import NAMED_BY, PARTS_NAMED

from coursekit.checks import assert_close, assert_shape, check_dtype

rng = np.random.default_rng(0)
X = rng.standard_normal((2, 4, 4, 3))  # an NHWC batch, square planes
W = rng.standard_normal((3, 3, 3, 2))  # a (KH, KW, C, F) kernel with KW == C


def message(got, expected, **kwargs) -> str:
    with pytest.raises(AssertionError) as failed:
        assert_close(got, expected, what="result", **kwargs)
    return str(failed.value)


@pytest.mark.parametrize(
    "got, words",
    [(-X, "with the sign flipped"), (X / 4, "times 1/4"), (4 * X, "times 4"),
     (np.swapaxes(X, 1, 2), "transposed in H and W"), (np.zeros_like(X), "all zeros"),
     (X + np.array([1.0, -2.0, 0.5]), "plus one constant per channel"),
     (np.full(X.shape, np.nan), "NaN or inf")],
)  # fmt: skip
def test_a_check_without_evidence_says_facts_and_claims_nothing(got, words):
    text = message(got, X)
    assert f"evidence: in this output, your values are the right values {words}" in text or (
        f"evidence: in this output, your values are {words}" in text)
    assert "likely mistake" not in text


def test_a_kernel_is_read_in_its_own_layout():
    assert "transposed in KH and KW" in message(np.swapaxes(W, 0, 1), W, layout="HWCF")
    # swapping axes 1 and 2 of a (KH, KW, C, F) kernel mixes KW with C: not a transpose
    assert "transposed" not in message(np.swapaxes(W, 1, 2), W, layout="HWCF")


def test_other_factors_and_noise_give_no_fact():
    for got in (3**0.5 * X, X + rng.standard_normal(X.shape)):
        text = message(got, X)
        assert "evidence:" not in text and "likely mistake" not in text


def test_a_scalar_says_its_factor():
    with pytest.raises(AssertionError) as failed:
        assert_close(3.0, 1.5, what="loss")
    assert "evidence: in this output, your values are the right values times 2" in str(
        failed.value)


@pytest.mark.parametrize(
    "got, expected, words",
    [((1, 5, 3, 1), (1, 3, 5, 1), "H and W swapped"),
     ((4, 6), (6, 4), "rows and columns swapped"),
     ((3, 8), (6, 4), "as many numbers as expected, in another shape"),
     ((1, 3, 4, 1), (1, 4, 5, 1), None)],  # an off-by-one size: many causes, no fact
)  # fmt: skip
def test_a_wrong_shape_says_facts_and_claims_nothing(got, expected, words):
    with pytest.raises(AssertionError) as failed:
        assert_shape(np.zeros(got), expected, "result")
    text = str(failed.value)
    assert "likely mistake" not in text
    assert (words in text) if words else "evidence:" not in text


def test_the_evidence_speaks_in_place_of_the_facts():
    class Witness:
        def lines(self, got=None, expected=None):
            return ["likely mistake: a named one", "evidence: on 3 probes ..."]

    text = message(2 * X, X, evidence=Witness())
    lines = text.splitlines()
    assert lines[1] == "  likely mistake: a named one" and "times 2" not in text


def test_no_relative_error_is_claimed_where_the_expected_values_are_zero():
    e = np.zeros((1, 3, 3, 1))
    text = message(e + np.eye(3)[None, :, :, None], e)
    assert "max rel error" not in text and "expected value is 0 at every wrong element" in text


def test_wrong_values_come_before_a_wrong_dtype_and_a_dtype_is_a_fact():
    e = X.astype(np.float32)
    text = message((X + 1.0).astype(np.float64), e, dtype=np.float32)
    assert text.startswith("result: values differ") and "expected dtype float32" in text
    assert "promoted" not in text
    for check in (lambda: check_dtype(X, np.float32, "result"),
                  lambda: assert_close(e.astype(np.float64), e, what="r", dtype=np.float32)):
        with pytest.raises(AssertionError) as failed:
            check()
        assert "evidence: float64 where float32 is expected" in str(failed.value)
        assert "likely mistake" not in str(failed.value)


def test_every_mistake_of_the_catalog_says_how_it_is_named():
    assert {m.name for m in MISTAKES if m.part in PARTS_NAMED} == set(NAMED_BY)


def test_a_transpose_or_a_reshape_of_the_right_numbers_is_said_with_its_axes():
    from coursekit.relations import axes_facts, relations

    source = np.arange(120.0).reshape(2, 3, 4, 5) ** 1.5  # (KH, KW, C, F)-like
    right = source.transpose(3, 2, 0, 1)  # (F, C, KH, KW)
    assert axes_facts(source.transpose(3, 2, 1, 0), right) == [
        "the right values with their axes in the order (0, 1, 3, 2) (a transpose of the right "
        "array)"
    ]
    said = axes_facts(source.reshape(right.shape), right)
    assert len(said) == 1 and said[0].startswith("the right values with their axes moved back")
    assert "reshaped to (5, 4, 2, 3)" in said[0] and "transpose (permute)" in said[0]
    assert axes_facts(right.reshape(4, 5, 6), right) == [
        "the right values in their order, reshaped to (4, 5, 6)"
    ]
    assert axes_facts(right[::-1].copy(), right) == []  # reversed: no axis order gives it
    kernel = np.arange(12.0).reshape(3, 2, 1, 2) ** 1.5  # (KH, KW, C, F), KH != KW
    read_as_kw_kh = kernel.transpose(1, 0, 2, 3).reshape(kernel.shape)
    assert relations(read_as_kw_kh, kernel, layout="HWCF") == [
        "the right values with their axes moved back in the order (KW, KH, C, F), then "
        "reshaped to (3, 2, 1, 2): what a reshape gives where the axes need a transpose "
        "(permute)"
    ]
    square = np.arange(16.0).reshape(4, 4) ** 2
    assert relations(square.T, square, layout="vector")[0].startswith(
        "the right values with their axes in the order (1, 0)"
    )


def test_a_factor_is_named_as_a_ratio_of_two_sizes_when_no_size_alone_is_it():
    from coursekit.relations import relations

    scales = {"PH*PW (the window size)": 9, "stride*stride": 4, "N (the batch size)": 2}
    said = relations(9 / 4 * X, X, scales=scales)
    assert said[0] == "the right values times PH*PW (the window size) / stride*stride"
    assert relations(9 * X, X, scales=scales)[0] == "the right values times PH*PW (the window size)"
    assert not any(" / " in p for p in relations(9 * X, X, scales=scales))
    stride_1 = relations(9 * X, X, scales=scales | {"stride*stride": 1})  # the same mistake
    assert stride_1[0] == "the right values times PH*PW (the window size)"
    assert "the right values times PH*PW (the window size) / stride*stride" in stride_1


def test_one_channel_off_by_a_constant_is_said_too():
    from coursekit.relations import relations

    one = X[..., :1]
    assert "the right values plus one constant per channel (last axis)" in relations(one + 2, one)


def test_a_size_added_to_the_wrong_axis_is_said_by_axis_names():
    from coursekit.relations import shape_facts

    assert shape_facts((1, 2, 5, 3), (1, 4, 5, 1)) == [
        "H is 2 short and C 2 too long: what belongs to H went to C (in NHWC, axis 1 is H)"
    ]
    assert shape_facts((1, 5, 3, 1), (1, 3, 5, 1)) == ["the expected shape with H and W swapped"]
    assert shape_facts((1, 2, 5, 4), (1, 4, 5, 1)) == []  # not the same amount moved
