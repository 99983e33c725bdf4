"""`grader report GRADES`: class analytics of a made-up batch whose answers are known, and
the page as a browser shows it."""

from __future__ import annotations

import csv
import struct
from pathlib import Path

import pytest
from browser import look, needs_chromium

from grader.cli.main import main
from grader.core.result import Result, TestResult, write_json
from grader.insight import plots

COL2IM = "likely mistake: col2im overwrites instead of adding: use +="
HOSTILE = "</td></table><script>document.title='pwned'</script><img src=x onerror=alert(1)>"
UNBROKEN = "x" * 3000  # a message with no place to break
PICTURES = ("scores.png", "parts.png", "items.png", "times.png")


def case(function, suite, outcome, feedback="", part="im2col", duration=0.5):
    return TestResult(
        nodeid=f"t_{suite}.py::{function}", file=f"grader/t_{suite}.py", function=function,
        part=part, suite=suite, max_points=1.0, outcome=outcome, feedback=feedback,
        duration=duration,
    )  # fmt: skip


def make_class(grades: Path, hostile: bool = False) -> None:
    """Six learners: the strong pass `separates`, three share the col2im mistake, one hangs."""
    for n in range(6):
        strong = n < 3
        wrong = f"{HOSTILE} {UNBROKEN}" if hostile and n == 4 else "wrong values"
        tests = [
            case("easy", "visible", "passed"),
            case("impossible", "hidden", "failed", "expected 1, got 2"),
            case("separates", "hidden", "passed" if strong else "failed", wrong),
            case("sums_overlaps", "hidden", "failed" if n >= 3 else "passed",
                 f"max abs error 0.{n}5\n  {COL2IM}"),
            case("pads", "visible", "timeout" if n == 5 else "passed", "ran past", "padding"),
        ]  # fmt: skip
        result = Result(f"learner{n}", "x", ("padding", "im2col"), tests=tests)
        if n == 5:
            result.status, result.why = "timeout", "1 test(s) ran past their time limit"
        if hostile and n == 5:
            result.why = HOSTILE
        write_json(result, grades / "results" / f"learner{n}.json")


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(open(path)))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_the_report_names_the_hard_the_easy_and_the_shared_mistake(tmp_path, capsys):
    grades = tmp_path / "grades"
    make_class(grades)
    assert main(["report", str(grades)]) == 0
    out = grades / "report"
    page = (out / "index.html").read_text()
    for name in PICTURES:  # sized for a page, and inlined: the page is one file
        width, _ = png_size(out / name)
        assert width <= plots.WIDTH_PX, (name, width)
    assert page.count('src="data:image/png;base64,') == len(PICTURES)
    assert "http://" not in page and "https://" not in page  # nothing fetched
    for anchor in ("scores", "items", "mistakes", "clusters", "times", "look", "exports"):
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page  # contents
    assert page.count("<figcaption>") == len(PICTURES)  # what to look for, under each

    items = {r["test"].split("::")[1]: r for r in rows(out / "items.csv")}
    assert items["easy"]["flag"] == "easy" and items["easy"]["discrimination"] == "nan"
    assert items["impossible"]["flag"].startswith("nobody passes")
    assert float(items["separates"]["pass_rate"]) == 0.5
    assert float(items["separates"]["discrimination"]) > 0.9  # passing it goes with the total

    mistakes = rows(out / "mistakes.csv")
    assert mistakes[0]["size"] == "3" and "col2im overwrites" in mistakes[0]["mistake"]
    assert mistakes[0]["submissions"] == "learner3 learner4 learner5"
    assert "col2im overwrites instead of adding" in page

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
    assert "No --roster" in page  # says what the folder names stand for


def test_counts_are_on_integer_ticks(tmp_path, monkeypatch):
    grades = tmp_path / "grades"
    make_class(grades)
    figures = []
    saved = plots._save
    monkeypatch.setattr(plots, "_save", lambda fig, path: figures.append(fig) or saved(fig, path))
    assert main(["report", str(grades)]) == 0
    histograms = [ax for fig in figures[:2] for ax in fig.axes if ax.get_visible()]
    assert len(histograms) == 3  # the totals, then padding and im2col
    for ax in histograms:
        ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks), ticks


def test_a_hint_clipped_by_the_feedback_limit_joins_its_whole_cluster(tmp_path):
    hint = "col2im overwrites instead of adding: use += so that overlapping windows sum"
    grades = tmp_path / "grades"
    other = "col2im ignores the stride"
    for n, feedback in enumerate([
        f"error 1\n  likely mistake: {hint}",
        f"error 2\n  likely mistake: {hint}",
        f"{'long message ' * 20}\n  likely mistake: {hint[:30]}\n... (truncated)",
        f"error 4\n  likely mistake: {other}",
        f"{'long message ' * 20}\n  likely mistake: col2im \n... (truncated)",  # which one?
    ]):  # fmt: skip
        tests = [case("sums_overlaps", "hidden", "failed", feedback)]
        write_json(Result(f"l{n}", "x", ("im2col",), tests=tests),
                   grades / "results" / f"l{n}.json")  # fmt: skip
    assert main(["report", str(grades)]) == 0
    mistakes = rows(grades / "report" / "mistakes.csv")
    assert [(m["size"], m["mistake"]) for m in mistakes] == [("3", hint), ("1", other)]
    page = (grades / "report" / "index.html").read_text()
    assert "1 hint(s) cut short" in page and "clipped" not in page


def test_empty_sections_say_what_empty_means(tmp_path):
    grades = tmp_path / "grades"
    tests = [case("easy", "visible", "passed"), case("also", "hidden", "passed")]
    for n in range(3):
        write_json(Result(f"l{n}", "x", ("im2col",), tests=tests),
                   grades / "results" / f"l{n}.json")  # fmt: skip
    assert main(["report", str(grades)]) == 0
    page = (grades / "report" / "index.html").read_text()
    assert "None." not in page.replace("None: every submission", "")
    assert "every submission was graded to the end" in page
    assert "No feedback named a likely mistake" in page


def test_learner_text_is_escaped_and_inert_in_csv(tmp_path):
    grades = tmp_path / "grades"
    make_class(grades, hostile=True)
    write_json(Result("formula", "x", ("im2col",), tests=[
        case("sums_overlaps", "hidden", "failed", "likely mistake: =HYPERLINK(\"x\")")]),
        grades / "results" / "formula.json")  # fmt: skip
    assert main(["report", str(grades)]) == 0
    page = (grades / "report" / "index.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page and "<img src=x" not in page
    assert "default-src 'none'" in page  # and the page may run no script at all
    text = (grades / "report" / "mistakes.csv").read_text()
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text


@needs_chromium
def test_the_page_fits_1280_px_in_a_browser(tmp_path):
    grades = tmp_path / "grades"
    make_class(grades, hostile=True)
    assert main(["report", str(grades)]) == 0
    seen = look(grades / "report" / "index.html", tmp_path / "report.png")
    assert seen["scrollWidth"] <= seen["innerWidth"] == 1280, seen["wide"]
    assert not seen["wide"], seen["wide"]  # no element past the right edge
    assert not seen["cells"], seen["cells"]  # no text wider than its cell
    assert len(seen["images"]) == len(PICTURES)
    assert all(i["ok"] and 0 < i["shown"] <= 1200 for i in seen["images"]), seen["images"]
    assert seen["scripts"] == 0 and seen["requests"] == []
    assert "<script>document.title='pwned'</script>" in seen["text"]  # shown as text
    assert seen["toc"] == [f"#{s}" for s in seen["sections"]]


def test_a_folder_without_results_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "no results" in capsys.readouterr().err
