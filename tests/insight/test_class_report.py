"""`grader report GRADES`: class analytics of a made-up batch whose answers are known."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from grader.cli.main import main
from grader.core.result import Result, TestResult, write_json

COL2IM = "likely mistake: col2im overwrites instead of adding: use +="


def case(function, suite, outcome, feedback="", part="im2col", duration=0.5):
    return TestResult(
        nodeid=f"t_{suite}.py::{function}", file=f"grader/t_{suite}.py", function=function,
        part=part, suite=suite, max_points=1.0, outcome=outcome, feedback=feedback,
        duration=duration,
    )  # fmt: skip


def make_class(grades: Path) -> None:
    """Six learners: the strong pass `separates`, three share the col2im mistake, one hangs."""
    for n in range(6):
        strong = n < 3
        tests = [
            case("easy", "visible", "passed"),
            case("impossible", "hidden", "failed", "expected 1, got 2"),
            case("separates", "hidden", "passed" if strong else "failed", "wrong values"),
            case("sums_overlaps", "hidden", "failed" if n >= 3 else "passed",
                 f"max abs error 0.{n}5\n  {COL2IM}"),
            case("pads", "visible", "timeout" if n == 5 else "passed", "ran past", "padding"),
        ]  # fmt: skip
        result = Result(f"learner{n}", "x", ("padding", "im2col"), tests=tests)
        if n == 5:
            result.status, result.why = "timeout", "1 test(s) ran past their time limit"
        write_json(result, grades / "results" / f"learner{n}.json")


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(open(path)))


def test_the_report_names_the_hard_the_easy_and_the_shared_mistake(tmp_path, capsys):
    grades = tmp_path / "grades"
    make_class(grades)
    assert main(["report", str(grades)]) == 0
    out = grades / "report"
    page = (out / "index.html").read_text()
    for name in ("scores.png", "parts.png", "items.png", "times.png"):
        assert (out / name).read_bytes()[:4] == b"\x89PNG" and name in page

    items = {r["test"].split("::")[1]: r for r in rows(out / "items.csv")}
    assert items["easy"]["flag"] == "easy" and items["easy"]["discrimination"] == "nan"
    assert items["impossible"]["flag"].startswith("nobody passes")
    assert float(items["separates"]["pass_rate"]) == 0.5
    assert float(items["separates"]["discrimination"]) > 0.9  # passing it goes with the total

    mistakes = rows(out / "mistakes.csv")
    assert mistakes[0]["size"] == "3" and "col2im overwrites" in mistakes[0]["mistake"]
    assert mistakes[0]["submissions"] == "learner3 learner4 learner5"
    assert "3" in page and "col2im overwrites instead of adding" in page

    clusters = rows(out / "clusters.csv")
    assert sum(int(c["size"]) for c in clusters) == 6
    assert clusters[0]["size"] == "3" and "t_hidden.py::impossible" in clusters[0]["fails"]

    problems = rows(out / "problems.csv")
    assert [p["submission"] for p in problems] == ["learner5"] and problems[0]["timeouts"] == "1"
    times = {r["part"]: r for r in rows(out / "times.csv")}
    assert float(times["im2col"]["mean_s"]) == 2.0  # four tests of 0.5 s

    canvas = list(csv.reader(open(out / "canvas.csv")))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                         "Stage 13: CNN from scratch"]  # fmt: skip
    assert canvas[1][0] == "Points Possible" and canvas[1][-1] == "5"
    assert canvas[2] == ["learner0", "", "", "learner0", "", "4"]


def test_a_folder_without_results_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "no results" in capsys.readouterr().err
