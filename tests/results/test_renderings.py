"""grader/results/: one Result rendered as Gradescope's results.json, JUnit XML, the
learner's feedback text and the gradebook."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from schemas import check_gradescope, check_junit

from grader.core.result import Result, TestResult
from grader.results.gradescope_json import gradescope
from grader.results.junit import junit
from grader.results.text import feedback_text, summary_table


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




def _failing(part: str, function: str, feedback: str, suite: str = "hidden") -> TestResult:
    return TestResult(
        nodeid=f"grader/hidden/test_{part}_hidden.py::{function}", file=f"h_{part}.py",
        function=function, part=part, suite=suite, max_points=1.0, doc="", reproduce="",
        outcome="failed", feedback=feedback,
    )  # fmt: skip


def test_tables_stay_aligned_with_long_part_names():
    tests = [_failing("padding", "test_a", "x"), _failing("lenet_paper", "test_b", "y")]
    result = Result(name="ada", target="ada.zip", parts=("padding", "lenet_paper"), tests=tests)
    rows = [line for line in summary_table(result).splitlines()
            if line.startswith(("padding", "lenet_paper", "total"))]  # fmt: skip
    assert len(rows) == 3 and len({row.index(" 1 ") for row in rows[:2]}) == 1, rows
    parts = [line for line in feedback_text(result).splitlines() if " / " in line][1:]
    assert len(parts) == 2 and len({line.index(" / ") for line in parts}) == 1, parts


def test_feedback_folds_repeated_failures_and_caps_each_function():
    long = "NotImplementedError: conv: implement conv_forward\n" + "detail\n" * 30
    tests = [_failing("conv", f"test_{k}", long) for k in range(60)]
    tests.append(_failing("conv", "test_other", "AssertionError: dw differs"))
    text = feedback_text(Result(name="ada", target="a", parts=("conv",), tests=tests))
    lines = text.splitlines()
    blocks = [k for k, line in enumerate(lines) if line.startswith("[FAILED]")]
    full = [k for k in blocks if "failed the same way as" not in lines[k]]
    assert [lines[k].split()[-1] for k in full] == ["test_0", "test_other"]
    first_block = lines[full[0] : blocks[1]]
    assert len(first_block) <= 15 and "more lines" in first_block[-1]
    folded = [line for line in lines if "failed the same way as test_0" in line]
    assert folded[0] == "[FAILED] conv, hidden test test_1: failed the same way as test_0"
    cut = next(k for k, line in enumerate(lines) if "more test(s) of conv_forward" in line)
    assert cut - full[0] <= 60 and len(folded) == cut - blocks[1]  # the rest: one line
    assert lines[cut] == f"... and {60 - 1 - len(folded)} more test(s) of conv_forward did " \
        "not pass (fix the first failure above first)"
    assert len(lines) < 100  # 61 tests of 30-line feedback: over 1,900 lines unfolded
