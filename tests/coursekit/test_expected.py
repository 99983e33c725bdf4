"""The expected values the visible tests read are the reference's, computed now."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import expected
from grader.hidden import expected_values


@pytest.mark.parametrize("part", expected_values.PARTS)
def test_expected_values_are_current(part):
    problems = expected_values.stale(part)
    assert not problems, (
        "\n".join(problems[:20]) + "\nregenerate: uv run python -m grader.hidden.expected_values"
    )


def test_a_changed_value_is_reported_stale(tmp_path, monkeypatch):
    stored = dict(np.load(expected.expected_file("lenet")))
    stored["init.c1.w"] = stored["init.c1.w"] + 1e-3
    path = tmp_path / "lenet" / "expected.npz"
    path.parent.mkdir()
    np.savez(path, **stored)
    monkeypatch.setattr(expected, "STAGE", tmp_path)
    assert expected_values.stale("lenet") == ["lenet: init.c1.w differs"]


def test_every_case_name_is_unique():
    for cases in (expected.IM2COL_CASES, expected.CONV_CASES, expected.POOL_CASES):
        names = [c.name for c in cases]
        assert len(names) == len(set(names))
