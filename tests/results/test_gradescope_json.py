"""grader/results/gradescope_json.py: before grades are published, what a learner sees on
Gradescope (the top-level output, the visible tests' output) names no hidden test, holds
nothing a hidden test wrote, and no path of the grader's."""

from __future__ import annotations

import json
import tempfile

from grader.core import limits
from grader.core.checkout import CHECKOUT
from grader.core.result import Result, TestResult
from grader.results.gradescope_json import gradescope

TMP = f"{tempfile.gettempdir()}/s13-worker-4242-abcd/sandbox/worker/worker_main.py"
HIDDEN_FILE = str(CHECKOUT.root / "grader" / "hidden" / "test_padding_hidden.py")


def result_with_timeouts() -> Result:
    def test(name, suite, outcome, feedback="", notes=()):
        return TestResult(
            nodeid=f"x.py::{name}", file="x.py", function=name.split("[")[0], part="padding",
            suite=suite, max_points=1.0, doc="", reproduce="", outcome=outcome,
            feedback=feedback, notes=list(notes),
        )  # fmt: skip

    tests = [
        test("test_pad2d_visible", "visible", "timeout",
             f"ran past its time limit of 20 s; the worker died in {TMP}"),
        test("test_secret_geometry[7-3]", "hidden", "timeout", "ran past its time limit"),
        test("test_secret_note", "hidden", "passed", notes=["hidden accuracy 0.97 on set B"]),
    ]
    why = (limits.capped_run(420.0) + "; "
           + limits.tests_past_limit(2, "test_pad2d_visible, test_secret_geometry[7-3]")
           + f"; the grading process died: see {HIDDEN_FILE}")
    return Result(name="ada", target="ada.zip", parts=("padding",), tests=tests,
                  status="timeout", why=why, options={"submission_timeout": 420.0},
                  notes=["hidden accuracy 0.97 on set B", "stub used for nothing"])


def test_before_publishing_nothing_hidden_or_private_is_visible():
    data = gradescope(result_with_timeouts(), hidden_visibility="after_published")
    seen = data["output"] + "".join(t["output"] for t in data["tests"]
                                    if t["visibility"] == "visible")
    for secret in ("test_secret_geometry", "7-3", "accuracy 0.97", tempfile.gettempdir() + "/",
                   "s13-worker", str(CHECKOUT.root), "test_padding_hidden"):
        assert secret not in seen, (secret, seen)
    top = data["output"]
    assert "Status: timeout: " + limits.capped_run(420.0) in top
    assert "1 visible test(s) ran past their time limit (test_pad2d_visible)" in top
    assert "1 hidden test(s) ran past their time limit" in top
    assert "Note: stub used for nothing" in top
    assert "<tmp>" in json.dumps(data["tests"][0]["output"])


def test_when_everything_is_visible_the_whole_why_is_shown():
    data = gradescope(result_with_timeouts())
    assert "test_secret_geometry[7-3]" in data["output"]
    assert "hidden accuracy" in data["output"]
