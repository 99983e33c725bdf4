"""Regrades redo only what changed: grader/batch/cache.py and its use by the batch.

The grading itself is replaced by a counter here (the real one is tested elsewhere): what
is checked is which submissions a batch grades again, and what the gradebook says.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from trees import SOLUTIONS, STAGES, course_copy

from grader.batch import local as batch
from grader.batch.cache import CACHE_DIR, ResultCache
from grader.core.options import Options, RunOptions, Verdict
from grader.core.result import Result, TestResult
from grader.intake.stage import stage


def submission(folder: Path, source: Path = SOLUTIONS) -> Path:
    shutil.copytree(source, folder / "s13_cnn", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


@pytest.fixture
def graded(monkeypatch):
    """Names of the submissions really graded (the grading is a stand-in)."""
    names: list[str] = []

    def fake_grade(staged, options, course):
        names.append(staged.name)
        test = TestResult(
            nodeid="t.py::test_x", file="t.py", function="test_x", part="padding",
            suite="hidden", max_points=1.0, outcome="passed",
        )  # fmt: skip
        return Result(name=staged.name, target=str(staged.source), parts=options.verdict.parts,
                      tests=[test], execution_time=3.0)  # fmt: skip

    monkeypatch.setattr(batch, "grade", fake_grade)
    return names


def test_keys_follow_the_content(tmp_path):
    course = course_copy(tmp_path / "course")
    verdict = Verdict(parts=("padding",))
    good = submission(tmp_path / "good")
    same = submission(tmp_path / "same")
    stub = submission(tmp_path / "stub", STAGES)
    cache = ResultCache(tmp_path / "cache", verdict, course)

    def key(path, cache=cache):
        staged = stage(path, course)
        try:
            return cache.key(staged)
        finally:
            staged.cleanup()

    assert key(good) == key(same) != key(stub)
    gone = submission(tmp_path / "gone", STAGES)
    (gone / "s13_cnn" / "padding" / "padding.py").unlink()  # staged with the same stub...
    assert key(gone) != key(stub)  # ...but its verdict says the module was missing
    assert cache.key(stage(tmp_path / "missing", course)) is None  # invalid: never cached
    assert ResultCache(tmp_path / "c2", Verdict(parts=("padding",)), course).base == cache.base
    for changed in (Verdict(parts=("padding",), timeout=5), Verdict(parts=("padding",),
                    fail_fast=False), Verdict(parts=("padding",), worker_memory=512)):
        assert ResultCache(tmp_path / "c2", changed, course).base != cache.base
    before = key(good)
    hidden = course.hidden_dir / "test_padding_hidden.py"
    hidden.write_text(hidden.read_text() + "\n# an instructor's fix\n")
    assert key(good, ResultCache(tmp_path / "cache", verdict, course)) != before


def edit(folder: Path) -> None:
    module = folder / "s13_cnn" / "padding" / "padding.py"
    module.write_text(module.read_text() + "\n# edited\n")


def rows(out: Path) -> dict[str, dict[str, str]]:
    return {r["submission"]: r for r in csv.DictReader(open(out / batch.GRADEBOOK))}


def test_a_regrade_grades_only_what_changed(tmp_path, graded):
    subs, out = tmp_path / "subs", tmp_path / "grades"
    submission(subs / "ada")
    submission(subs / "bob")
    edit(subs / "bob")
    submission(subs / "cy", STAGES)
    def run(force=False):
        graded.clear()
        run = RunOptions(jobs=2, out=out, progress=False, force=force)
        batch.grade_batch(subs, Options(Verdict(parts=("padding",)), run))
        return sorted(graded)

    assert run() == ["ada", "bob", "cy"]
    assert {r["cached"] for r in rows(out).values()} == {"no"}
    assert run() == []  # nothing changed
    assert {r["cached"] for r in rows(out).values()} == {"yes"}
    assert rows(out)["ada"]["total"] == "1" and rows(out)["ada"]["seconds"] == "3.0"

    submission(subs / "dee", STAGES)  # a new submission is graded alone
    edit(subs / "dee")
    edit(subs / "bob")  # and an edited one
    assert run() == ["bob", "dee"]
    assert {n: r["cached"] for n, r in rows(out).items()} == {
        "ada": "yes", "bob": "no", "cy": "yes", "dee": "no",
    }  # fmt: skip
    assert run(force=True) == ["ada", "bob", "cy", "dee"]
    assert len(list((out / CACHE_DIR).glob("*.json"))) == 5
