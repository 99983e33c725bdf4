"""The README's main command, end to end: every graded test (visible and hidden, every
part) passes on solutions/ and fails on the pristine stubs."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from commands import run_grader

from coursekit.course import NAMES

pytestmark = pytest.mark.slow  # grades for real


def grade(target: str, out: Path) -> tuple[subprocess.CompletedProcess[str], dict]:
    result = out / f"{target}.json"
    done = run_grader("run", target, "--json", str(result), "--jobs", "2", timeout=1200)
    assert result.is_file(), done.stdout + done.stderr
    return done, json.loads(result.read_text())


@pytest.fixture(scope="module")
def on_solutions(tmp_path_factory):
    return grade("solutions", tmp_path_factory.mktemp("graded"))


@pytest.fixture(scope="module")
def on_stubs(tmp_path_factory):
    return grade("stages", tmp_path_factory.mktemp("graded"))


def _tests(data: dict, part: str, suite: str) -> list[dict]:
    tests = [t for t in data["tests"] if t["part"] == part and t["suite"] == suite]
    assert tests, f"no {suite} test was graded for part {part}"
    return tests


def test_grading_solutions_gives_full_marks_and_exit_0(on_solutions):
    done, data = on_solutions
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert data["status"] == "ok" and data["score"] == data["max_score"] > 0
    assert list(data["parts"]) == list(NAMES)
    assert "sandbox:" in done.stdout


@pytest.mark.parametrize("suite", ["visible", "hidden"])
@pytest.mark.parametrize("part", NAMES)
def test_every_graded_test_passes_on_solutions(on_solutions, part, suite):
    _, data = on_solutions
    bad = [f"{t['name']}: {t['outcome']}: {t['feedback'][:300]}"
           for t in _tests(data, part, suite) if t["outcome"] != "passed"]  # fmt: skip
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("suite", ["visible", "hidden"])
@pytest.mark.parametrize("part", NAMES)
def test_every_graded_test_fails_on_the_stubs(on_stubs, part, suite):
    done, data = on_stubs
    assert done.returncode == 1
    passed = [t["name"] for t in _tests(data, part, suite) if t["outcome"] == "passed"]
    assert not passed, f"these tests pass on the stubs: {passed}"
    assert data["parts"][part]["score"] == 0


def test_the_accuracy_check_says_which_data_it_used(on_solutions):
    _, data = on_solutions
    mnist = [t for t in data["tests"] if "mnist" in t["name"]]
    assert mnist and all(t["outcome"] == "passed" for t in mnist)
    if not os.environ.get("MNIST_DIR"):
        assert any("digits" in note for note in data["notes"]), data["notes"]


def test_graded_tests_are_the_visible_suite_plus_the_hidden_one(on_solutions):
    _, data = on_solutions
    files = {Path(t["file"]).name for t in data["tests"]}
    assert files == {f"test_{p}.py" for p in NAMES} | {f"test_{p}_hidden.py" for p in NAMES}


def test_feedback_shows_no_object_reprs_or_addresses(on_stubs):
    _, data = on_stubs
    feedback = {t["name"]: t["feedback"] or "" for t in data["tests"]}
    noisy = [name for name, text in feedback.items() if re.search(r" at 0x[0-9a-fA-F]+", text)
             or "impl=" in text]
    assert not noisy, f"object reprs in the feedback of {noisy[:10]}"
