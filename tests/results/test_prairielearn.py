"""grader/results/prairielearn.py: PrairieLearn's external-grader results.json of a Result."""

from __future__ import annotations

import dataclasses

from schemas import check_prairielearn

from grader.core.result import Result, TestResult
from grader.results.prairielearn import MESSAGE_CHARS, prairielearn


def fake_result() -> Result:
    def case(name, outcome, points, suite="visible", feedback=""):
        return TestResult(
            nodeid=f"test_padding.py::{name}", file="test_padding.py",
            function=name.split("[")[0], part="padding", suite=suite, max_points=points,
            doc=f"checks {name}", outcome=outcome, feedback=feedback,
        )  # fmt: skip

    tests = [
        case("test_a[1]", "passed", 0.5),
        case("test_a[2]", "failed", 0.5, feedback="expected 3, got 4\nlikely mistake: x"),
        case("test_b", "timeout", 1.0, feedback="ran past its time limit of 1 s"),
        case("test_info", "failed", 0.0, feedback="informational"),
        case("test_secret[big-input-42]", "failed", 1.0, "hidden", "secret input 42 failed"),
    ]
    return Result(name="ada", target="ada.zip", parts=("padding",), tests=tests, status="timeout")


def test_a_graded_result_scores_its_share_and_hides_hidden_inputs():
    data = prairielearn(fake_result())
    check_prairielearn(data)
    assert data["gradable"] is True and data["score"] == round(0.5 / 3, 6)
    by_name = {t["name"]: t for t in data["tests"]}
    assert by_name["padding (visible) test_a"] == by_name["padding (visible) test_a"] | {
        "points": 0.5, "max_points": 1}
    assert "expected 3, got 4" in by_name["padding (visible) test_a"]["output"]
    hidden = by_name["padding (hidden) test_secret"]
    assert "big-input-42" not in hidden["output"] + hidden["message"]
    assert hidden["message"] == "1 of 1 hidden case(s) did not pass"
    assert "informational" in by_name["padding (visible) test_info"]["description"]
    assert "status timeout" in data["message"]


def test_an_unreadable_submission_is_not_gradable():
    result = Result("ada", "ada.zip", ("padding",), status="invalid", why="not a zip file")
    data = prairielearn(result)
    check_prairielearn(data)
    assert data["gradable"] is False and data["format_errors"] == ["not a zip file"]


def test_a_huge_output_is_cut_to_one_line_per_test():
    result = fake_result()
    # each feedback is cut to a few KB when shown; many tests can still pass the limit
    template = next(t for t in result.tests if t.suite == "visible")
    result.tests = [
        dataclasses.replace(template, nodeid=f"{template.nodeid}{i}", function=f"test_{i}",
                            outcome="failed", feedback="y" * 1000 + "\n" + "z" * 9000)
        for i in range(400)
    ]  # fmt: skip
    data = prairielearn(result)
    check_prairielearn(data)
    assert all(len(t["output"]) <= MESSAGE_CHARS for t in data["tests"])
