"""grader/results/: one Result rendered as Gradescope's results.json, JUnit XML, the
learner's feedback text and the gradebook."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from schemas import check_gradescope, check_junit

from grader.core.result import Result, TestResult
from grader.results.gradescope_json import gradescope
from grader.results.junit import junit
from grader.results.text import feedback_text


def fake_result() -> Result:
    def case(name, outcome, points, suite="visible", feedback=""):
        function = name.split("[")[0]
        return TestResult(
            nodeid=f"stages/s13_cnn/padding/test_padding.py::{name}",
            file="stages/s13_cnn/padding/test_padding.py" if suite == "visible" else "h.py",
            function=function,
            part="padding",
            suite=suite,
            max_points=points,
            doc=f"checks {function}",
            reproduce=f"uv run pytest stages/s13_cnn/padding -k {function}",
            outcome=outcome,
            feedback=feedback,
        )

    tests = [
        case("test_a[1]", "passed", 0.5),
        case("test_a[2]", "failed", 0.5, feedback="expected 3, got 4\nlikely mistake: x"),
        case("test_b", "timeout", 1.0, feedback="ran past its time limit of 1 s \x1b[0m"),
        case("test_info", "failed", 0.0, feedback="informational"),
        case("test_secret[big-input-42]", "failed", 1.0, "hidden", "secret input 42 failed"),
    ]
    return Result(name="ada", target="ada.zip", parts=("padding",), tests=tests, status="timeout")


def test_renderings_of_a_result():
    result = fake_result()
    assert result.score == 0.5 and result.max_score == 3.0 and not result.full_marks
    data = gradescope(result)
    check_gradescope(data)
    by_function = {t["extra_data"]["function"]: t for t in data["tests"]}
    assert by_function["test_a"]["score"] == 0.5 and by_function["test_a"]["max_score"] == 1
    assert "score" not in by_function["test_info"]  # informational
    hidden = by_function["test_secret"]["output"]
    assert "big-input-42" not in hidden and "1 of 1 hidden" in hidden
    root = check_junit(ET.tostring(junit([result]).getroot(), encoding="unicode"))
    assert len(root.findall(".//failure")) == 4
    text = feedback_text(result)
    assert "expected 3, got 4" in text and "reproduce: uv run pytest" in text
    assert "checks test_a" in text and "big-input-42" not in text
    assert result.part_scores()["padding"] == {
        "score": 0.5, "max_score": 3, "tests": 4, "passed": 1, "informational": 1,
        "duration": 0.0,
    }  # fmt: skip


