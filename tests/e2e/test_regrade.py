"""A regrade as an instructor runs it: grade a class, fix one hidden test (in a copy of the
course), let one learner resubmit, grade again; `grader diff` names who changes and why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from trees import SOLUTIONS, STAGES, course_copy

from grader.batch.local import grade_batch
from grader.core.options import Options, RunOptions, Verdict
from grader.insight.regrade_diff import compare, render

HIDDEN = "grader/hidden/test_padding_hidden.py"
FIXED = "    for kernel in (2, 4, 8, 0):\n"
SLIP = "    for kernel in (2, 4, 8, 0, 3):  # a slip: 3 is odd\n"  # fails every right same_pad


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.slow
def test_fixing_a_hidden_test_changes_only_who_it_failed(tmp_path):
    course = course_copy(tmp_path / "course")
    edit(course.root / HIDDEN, FIXED, SLIP)
    cls = tmp_path / "class"
    for name, source in (("ada", SOLUTIONS), ("grace", SOLUTIONS), ("stubby", STAGES)):
        shutil.copytree(source, cls / name / "s13_cnn",
                        ignore=shutil.ignore_patterns("__pycache__", "test_*", "*.md"))  # fmt: skip

    def grade(out: Path) -> None:
        options = Options(Verdict(parts=("padding",), sandbox="none"),  # not about confinement
                          RunOptions(jobs=2, shards=1, out=out, progress=False))  # fmt: skip
        grade_batch(cls, options, course)

    grade(tmp_path / "old")
    edit(course.root / HIDDEN, SLIP, FIXED)  # the instructor fixes the test
    padding = cls / "grace" / "s13_cnn" / "padding" / "padding.py"
    edit(padding, "return (padded - kernel) // stride + 1",  # grace resubmits, rounding up
         "return -(-(padded - kernel) // stride) + 1")  # fmt: skip
    grade(tmp_path / "new")

    changes, same = compare(tmp_path / "old", tmp_path / "new")
    by_name = {c.submission: c for c in changes}
    assert same == 1 and set(by_name) == {"ada", "grace"}, render(changes, same)  # not stubby
    ada = by_name["ada"]
    assert ada.why == ["course changed"] and ada.delta > 0
    assert [t.nodeid.rsplit("::", 1)[1] for t in ada.tests] == [
        "test_same_pad_rejects_even_kernels"]
    assert by_name["grace"].why == ["course changed", "submission changed"]
    text = render(changes, same)
    assert text.startswith("2 of 3 submissions change (1 unchanged).")
    assert "test_same_pad_rejects_even_kernels: failed -> passed" in text
