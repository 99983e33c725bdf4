"""grader/core/untrusted.py: text learner code wrote loses its escape sequences, control and
invisible characters, and its excess length."""

from __future__ import annotations

import pytest

from grader.core.untrusted import clean

CASES = {
    "csi": ("\x1b[2J\x1b[1;1Hscore\x1b[0m 100/100", "score 100/100"),
    "osc title": ("\x1b]0;pwned\x07ok", "ok"),
    "osc link": ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),
    "c1 csi": ("a\x9b31mb", "ab"),
    "lone escape": ("a\x1b", "a"),
    "carriage return": ("ok\rFAIL", "ok\nFAIL"),
    "backspaces and bell": ("pass\x08\x08\x08\x08fail\x07", "passfail"),
    "nul and del": ("a\x00b\x7fc", "abc"),
    "bidi override": ("x \u202eevil\u202c y\u200b", "x evil y"),
    "line separator": ("a\u2028b", "a\nb"),
    "kept": ("tab\there\nnew line, é, 中文", "tab\there\nnew line, é, 中文"),
}


@pytest.mark.parametrize("raw, expected", list(CASES.values()), ids=list(CASES))
def test_escape_sequences_and_control_characters_are_removed(raw, expected):
    assert clean(raw) == expected
    assert clean(clean(raw)) == clean(raw)  # idempotent


def test_length_is_capped_and_the_cut_is_said():
    text = clean("x" * 10_000, 100)
    assert len(text) <= 100 and text.endswith("(9900 more characters)")
    assert clean("short", 100) == "short"


def test_one_line_joins_lines():
    assert clean("a\n\nfake row  |  100\tb", one_line=True) == "a fake row | 100 b"
    assert clean(12) == "12"
