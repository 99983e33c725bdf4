"""coursekit/failure_text.py: a failed test in at most 15 lines, the named hint first; repeated
diagnoses of one function folded to a line each; at most 60 lines per function."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit.checks import assert_close
from coursekit.failure_text import FAILURE_LINES, FUNCTION_LINES, describe, fold


def _failure_of(got, expected, **kwargs) -> AssertionError:
    with pytest.raises(AssertionError) as info:
        assert_close(got, expected, **kwargs)
    return info.value


class _Witness:
    """A witness (coursekit.evidence) that has named the mistake."""

    def lines(self, got=None, expected=None) -> list[str]:
        return ["likely mistake: dout copied to every entry of its window (it agrees with "
                "your maxpool_backward on all 6 probes; 6 of them set it apart)",
                "evidence: on 6 probes of maxpool_backward, dx is wrong on 6 (every probe)"]


def _spread_over_window(seed: int) -> AssertionError:
    """A max-pool gradient spread over each 2x2 window, as the mistake catalog's."""
    dout = np.random.default_rng(seed).standard_normal((1, 3, 3, 1))
    expected = np.zeros((1, 6, 6, 1))
    expected[:, ::2, ::2] = dout
    spread = np.repeat(np.repeat(dout, 2, axis=1), 2, axis=2) / 4
    return _failure_of(spread, expected, what=f"maxpool_backward for N=1, H=6, seed {seed}",
                       evidence=_Witness())


def test_a_failure_is_at_most_15_lines_with_the_named_hint_first():
    failure = describe(_spread_over_window(0), "maxpool_backward", "test_x[a]", "t.py:12")
    lines = failure.lines
    assert len(lines) <= FAILURE_LINES
    assert lines[0] == "test_x[a] (t.py:12)"
    assert lines[1].strip().startswith("likely mistake: dout copied to every entry")
    assert lines[2].startswith("  AssertionError: maxpool_backward for N=1, H=6, seed 0")
    text = "\n".join(lines)
    assert "first bad index" in text and "expected" in text and "got" in text
    assert sum("likely mistake" in line for line in lines) == 1  # moved, not repeated


def test_a_long_message_is_cut_and_says_how_to_see_it_all():
    failure = describe(AssertionError("\n".join(f"line {k}" for k in range(100))), "f", "t",
                       "t.py:1")  # fmt: skip
    assert len(failure.lines) == FAILURE_LINES
    assert "-vv shows everything" in failure.lines[-1]


def test_where_the_learners_code_raised_is_said():
    failure = describe(ValueError("bad pad"), "pad2d", "test_p", "t.py:3",
                       raised="s13_cnn/padding/padding.py:40, in pad2d")  # fmt: skip
    assert failure.lines[1:] == ("  ValueError: bad pad",
                                 "  raised at s13_cnn/padding/padding.py:40, in pad2d")


def test_repeated_diagnoses_of_a_function_fold_to_one_line_each():
    failures = [describe(_spread_over_window(k), "maxpool_backward", f"test_r[{k}]", "t.py:5")
                for k in range(4)]  # fmt: skip
    other = describe(AssertionError("MaxPool2D.backward: values differ"), "MaxPool2D",
                     "test_layer", "t.py:9")  # fmt: skip
    lines = fold([*failures, other])
    assert lines[0] == "---- maxpool_backward: 4 failed tests ----"
    assert lines[1 : 1 + len(failures[0].lines)] == list(failures[0].lines)
    folded = [line for line in lines if line.startswith("  also failed the same way")]
    assert folded == [f"  also failed the same way: test_r[{k}]" for k in (1, 2, 3)]
    assert "---- MaxPool2D: 1 failed test ----" in lines


def test_a_functions_failures_take_at_most_60_lines():
    failures = [describe(AssertionError(f"case {chr(97 + k)}: wrong\n" + "detail\n" * 20),
                         "f", f"test_{k}", "t.py:1") for k in range(20)]  # fmt: skip
    lines = fold(failures)  # 20 diagnoses (a letter each: numbers alone would fold)
    assert len(lines) <= FUNCTION_LINES
    assert lines[-1].startswith("  ... and ") and "-vv shows everything" in lines[-1]
