"""grader/run/runner.py: parts split over shards, and a run that survives its tests.

The robustness checks (timeouts, a hard hang, a crash, the whole-submission cap) grade a
tiny fake course beside the project, so that each costs a few seconds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from trees import ROOT, SOLUTIONS, STAGES, copy_package, worker_available

from coursekit.course import NAMES
from grader.core.checkout import Checkout
from grader.core.options import Options, RunOptions, Verdict
from grader.core.result import Result
from grader.intake.stage import stage
from grader.run.runner import grade, split_parts


def test_split_parts_balances_and_keeps_teaching_order():
    parts = NAMES
    assert split_parts(parts, 1) == [parts]
    groups = split_parts(parts, 2)
    assert sorted(p for g in groups for p in g) == sorted(parts)
    assert all(list(g) == sorted(g, key=parts.index) for g in groups)
    assert split_parts(("padding",), 4) == [("padding",)]


FAKE_TESTS = '''
import pytest

pytestmark = pytest.mark.padding


def test_first(impl):
    """same_pad(3) is 1."""
    assert impl.padding.same_pad(3) == 1


def test_hangs(impl):
    impl.padding.output_size(-1, 1)


def test_second(impl):
    assert impl.padding.output_size(5, 3) == 3


def test_hangs_stubbornly(impl):
    impl.padding.output_size(-2, 1)


@pytest.mark.parametrize("k", [1, 3, 5, 7])
def test_cases(impl, k):
    assert impl.padding.same_pad(k) == (k - 1) // 2


def test_crashes(impl):
    impl.padding.output_size(-3, 1)


def test_fails(impl):
    assert impl.padding.same_pad(5) == 3, "same_pad(5): expected 3 (wrong on purpose)"


def test_last(impl):
    assert impl.padding.output_size(7, 3, 2) == 3
'''


MISBEHAVES = """

_output_size = output_size


def output_size(size, kernel, stride=1, pad=0):
    if size == -1:
        while True:
            pass
    if size == -2:  # swallows the alarm: only the hard watchdog ends this
        while True:
            try:
                while True:
                    pass
            except BaseException:
                pass
    if size == -3:
        import os
        import signal
        os.kill(os.getpid(), signal.SIGSEGV)
    return _output_size(size, kernel, stride, pad)
"""


@pytest.fixture
def fake_course(tmp_path) -> Checkout:
    root = tmp_path / "course"
    root.mkdir()
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    copy_package(STAGES, root / "stages")
    (root / "stages" / "s13_cnn" / "padding" / "test_fake_suite.py").write_text(FAKE_TESTS)
    return Checkout(root)


@pytest.fixture
def misbehaving(tmp_path) -> Path:
    package = copy_package(SOLUTIONS, tmp_path / "misbehaving")
    with open(package / "padding" / "padding.py", "a") as fh:
        fh.write(MISBEHAVES)
    return package.parent


def outcomes(result: Result) -> dict[str, str]:
    return {t.name: t.outcome for t in result.tests}


def test_hangs_and_a_crash_cost_only_their_tests_in_process(fake_course, misbehaving):
    options = Options(
        Verdict(parts=("padding",), timeout=1.0, sandbox="none"), RunOptions(hard_grace=0.5)
    )
    result = grade(stage(misbehaving, fake_course), options, fake_course)
    got = outcomes(result)
    assert got == {
        "test_first": "passed",
        "test_hangs": "timeout",  # SIGALRM
        "test_second": "passed",
        "test_hangs_stubbornly": "timeout",  # the hard watchdog, then a restart
        "test_cases[1]": "passed",
        "test_cases[3]": "passed",
        "test_cases[5]": "passed",
        "test_cases[7]": "passed",
        "test_crashes": "error",  # the grading process died, then a restart
        "test_fails": "failed",
        "test_last": "passed",
    }, got
    assert result.status == "crashed" and "SIGSEGV" in result.why
    by_name = {t.name: t for t in result.tests}
    assert by_name["test_cases[1]"].max_points == pytest.approx(0.25)  # weight split 4 ways
    assert "wrong on purpose" in by_name["test_fails"].feedback
    assert by_name["test_first"].doc == "same_pad(3) is 1."
    assert "hidden suite not found" in " ".join(result.notes)


@pytest.mark.skipif(not worker_available(), reason="grader.worker is not available")
def test_hangs_and_a_crash_cost_only_their_tests_in_the_worker(fake_course, misbehaving):
    # 3 s: the first test's budget also pays for starting the worker
    options = Options(Verdict(parts=("padding",), timeout=3.0, fail_fast=False))
    result = grade(stage(misbehaving, fake_course), options, fake_course)
    got = outcomes(result)
    assert got["test_hangs"] == got["test_hangs_stubbornly"] == "timeout", got
    assert got["test_crashes"] in ("error", "failed"), got
    passed = ("test_first", "test_second", "test_cases[3]", "test_last")
    assert all(got[name] == "passed" for name in passed), got
    assert got["test_fails"] == "failed"
    assert result.status in ("timeout", "crashed") and result.confinement


@pytest.mark.skipif(not worker_available(), reason="grader.worker is not available")
def test_after_a_timeout_later_calls_of_that_function_fail_fast(fake_course, misbehaving):
    options = Options(Verdict(parts=("padding",), timeout=2.0))
    result = grade(stage(misbehaving, fake_course), options, fake_course)
    got = outcomes(result)
    by_name = {t.name: t for t in result.tests}
    assert got["test_hangs"] == "timeout" and "time limit of 2 s" in by_name["test_hangs"].feedback
    for name in ("test_second", "test_hangs_stubbornly", "test_crashes", "test_last"):
        assert got[name] == "timeout", got  # output_size is not called again
        # the worker raises this before calling: the hanging function never runs again
        assert "padding.output_size timed out earlier" in by_name[name].feedback
    assert all(got[f"test_cases[{k}]"] == "passed" for k in (1, 3, 5, 7)), got  # same_pad is
    assert got["test_first"] == "passed" and got["test_fails"] == "failed"  # called as before


def processes_mentioning(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command:
            found.append(command)
    return found


@pytest.mark.parametrize("sandbox", ["none", "worker"])
def test_the_whole_submission_cap_keeps_partial_results(fake_course, misbehaving, sandbox):
    if sandbox == "worker" and not worker_available():
        pytest.skip("grader.worker is not available")
    verdict = Verdict(parts=("padding",), timeout=30.0, submission_timeout=6.0, sandbox=sandbox)
    staged = stage(misbehaving, fake_course)
    result = grade(staged, Options(verdict), fake_course)
    got = outcomes(result)
    by_name = {t.name: t for t in result.tests}
    assert got["test_first"] == "passed"
    assert got["test_hangs"] == got["test_last"] == "timeout"
    # the cap stopped the hanging test, not its own 30 s limit
    stopped = by_name["test_hangs"].feedback
    assert "grading reached the whole-submission time limit of 6 s" in stopped
    assert "not run: grading reached" in by_name["test_last"].feedback
    assert result.status == "timeout" and "whole-submission" in result.why
    assert not processes_mentioning(str(staged.root)), "a process outlived the grading run"
    staged.cleanup()


def test_an_unusable_submission_scores_0_of_every_part_and_says_why(tmp_path):
    (tmp_path / "empty").mkdir()  # no s13_cnn/ folder anywhere: nothing to grade
    result = grade(stage(tmp_path / "empty"), Options(Verdict(sandbox="none")))
    assert result.status == "invalid" and "s13_cnn" in result.why
    rows = result.part_scores()
    assert list(rows) == list(NAMES)
    assert all(row["score"] == 0 and row["max_score"] > 0 for row in rows.values()), rows
    assert result.max_score == sum(row["max_score"] for row in rows.values())
    assert all(t.feedback == f"not graded: {result.why}" for t in result.tests)
    assert Result.from_dict(result.to_dict()).max_score == result.max_score  # cached alike


@pytest.mark.slow
def test_a_module_that_is_not_python_is_never_ok(tmp_path):
    package = copy_package(SOLUTIONS, tmp_path / "typo")
    (package / "padding" / "padding.py").write_text("def output_size(:\n    return 1\n")
    staged = stage(package.parent)
    try:
        result = grade(staged, Options(Verdict(parts=("padding",), sandbox="none")))
    finally:
        staged.cleanup()
    assert result.status == "invalid", (result.status, result.why)
    assert "padding/padding.py is not valid Python (SyntaxError line 1" in result.why
    assert result.score == 0 and result.max_score > 0
