"""`grader report GRADES`: where the class struggles, from a batch's results/*.json.

Writes GRADES/report/: index.html (one self-contained page: contents, the pictures inlined,
each with what to look for), and

    scores.png, parts.png    the score distribution, overall and per part
    items.png, items.csv     item analysis: per test function, its pass rate and its
                             discrimination (the point-biserial correlation of passing it
                             with the total score: near 0 or below, the test does not
                             separate strong from weak work and deserves a look)
    mistakes.csv             the named mistakes ("likely mistake" lines of the feedback,
                             whole), each with how many learners made it
    clusters.csv             submissions grouped by the set of tests they fail
    times.png, times.csv     grading time per part
    problems.csv             submissions that timed out, crashed or were invalid
    canvas.csv               Canvas's gradebook import (grader/insight/exports.py: with a
                             roster, the students' names, SIS ids and logins)

Nothing here changes a score; it reads what the batch wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coursekit.course import NAMES
from grader.core.result import show, write_atomic
from grader.insight.analysis import (
    EASY,
    FLAT,
    HARD,
    csv_text,
    failure_clusters,
    items,
    load_results,
    mistake_clusters,
    part_times,
    problems,
)
from grader.insight.exports import ASSIGNMENT, Roster, canvas_csv, match
from grader.insight.page import Section, esc, figure, page, paragraph, table
from grader.insight.plots import plot_items, plot_parts, plot_scores, plot_times

SHOWN_NAMES = 6  # submissions listed in a cell before "... N more"


@dataclass(frozen=True)
class Report:
    index: Path
    warnings: list[str]  # what the instructor must read before uploading (roster)


def _names(text: str) -> str:
    names = text.split()
    more = f" ... {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else ""
    return " ".join(names[:SHOWN_NAMES]) + more


def _no_nan(column: str, value: Any) -> str | None:
    if isinstance(value, float) and value != value:
        return '<span title="everyone who ran it passed, or everyone failed">n/a</span>'
    return None


def _mistakes_section(mistakes: list[dict[str, Any]], graded: int, unnamed: int) -> str:
    top = max((m["size"] for m in mistakes), default=1)

    def cell(column: str, value: Any) -> str | None:
        if column == "size":
            width = max(3, round(60 * value / top))
            return f'<span class="bar" style="width:{width}%"></span>{esc(value)}'
        if column == "share":
            return esc(f"{value:.0%}")
        return esc(_names(value)) if column == "submissions" else None

    rows = [m | {"share": m["size"] / max(graded, 1)} for m in mistakes]
    cut = (f" {unnamed} hint(s) cut short by the feedback's length limit, too short to say "
           "which mistake they name, are left out." if unnamed else "")  # fmt: skip
    intro = paragraph(
        "Each row is one mistake the grader named in a learner's feedback (its \"likely "
        "mistake\" line, whole), with how many learners made it. The most common ones are "
        f"worth a word in class. All rows: mistakes.csv.{cut}"
    )
    return intro + table(
        rows, ["size", "share", "part", "mistake", "seen_in", "submissions"],
        "No feedback named a likely mistake: every failure was of a kind the grader has no "
        "name for (see the clusters below), or nothing failed.",
        headers={"size": "learners", "share": "of class", "seen_in": "first seen in"},
        numeric=("share",), cell=cell, more="mistakes.csv",
        widths={"size": "9%", "share": "7%", "part": "8%", "mistake": "40%", "seen_in": "16%"},
    )  # fmt: skip


def _sections(results, parts, out, table_rows, roster_lines) -> list[Section]:
    item_list, items_, clusters, (mistakes, unnamed), trouble, part_rows, time_rows = table_rows
    graded = sum(r["status"] != "invalid" for r in results)
    scores = (
        figure(plot_scores(results, out), "histogram of total scores",
               "How the class did overall. A second hump near zero is often learners who "
               "submitted the stubs or the wrong folder: the clusters below name them.")
        + figure(plot_parts(results, parts, out), "histograms of the score of each part",
                 "The same, part by part. A part where most learners sit at zero, while the "
                 "parts before it are fine, is where the course loses them.")
        + table(part_rows, ["part", "max", "mean", "median", "full_marks"],
                "No part was graded.", numeric=("max", "mean", "median", "full_marks"),
                headers={"full_marks": "full marks"})
    )  # fmt: skip
    flagged = [r for r in items_ if r["flag"]]
    item_body = (
        paragraph(
            "Per test function: the share of submissions that pass it (pass rate), and its "
            "discrimination, the point-biserial correlation of passing it with the total "
            "score. A test nobody passes may be broken; one everybody passes teaches little; "
            "one whose discrimination is near zero or negative does not separate strong from "
            "weak work. All tests: items.csv."
        )
        + figure(plot_items(item_list, out), "pass rate against discrimination",
                 f"Look at the points in the red band (discrimination below {FLAT}) and those "
                 f"left of the dotted line at {HARD} (hard) or right of the one at {EASY} "
                 "(easy): the table below lists them with the reason.")
        + table(flagged, ["part", "suite", "test", "pass_rate", "discrimination", "flag"],
                "No test is flagged: every test is passed by some and failed by others, and "
                "passing it goes with a higher total.",
                numeric=("pass_rate", "discrimination"), more="items.csv", cell=_no_nan,
                widths={"part": "9%", "suite": "8%", "test": "38%", "pass_rate": "10%",
                        "discrimination": "12%"})
    )  # fmt: skip
    cluster_body = paragraph(
        "Submissions grouped by the exact set of test functions they fail, largest first, "
        "with the first failure's message. A large group with the same failures is one "
        "misunderstanding. All groups: clusters.csv."
    ) + table(
        [c | {"submissions": _names(c["submissions"])} for c in clusters],
        ["size", "failed_tests", "message", "submissions"],
        "No submission was graded.", limit=15, more="clusters.csv",
        headers={"size": "learners", "failed_tests": "tests failed"},
        numeric=("size", "failed_tests"),
        widths={"size": "9%", "failed_tests": "9%", "message": "52%"},
    )  # fmt: skip
    times = figure(plot_times(part_times(results, parts), out), "grading time per part",
                   "Seconds each part took to grade, per submission (box: the middle half; "
                   "line: the median). A long right tail is code that is slow or hangs.") + table(
        time_rows, ["part", "mean_s", "median_s", "max_s"], "No part was timed.",
        numeric=("mean_s", "median_s", "max_s"),
        headers={"mean_s": "mean (s)", "median_s": "median (s)", "max_s": "max (s)"},
    )  # fmt: skip
    look = paragraph(
        "Submissions whose grading did not end normally: a test ran past its time, the "
        "learner's worker crashed, or the submission could not be read. Their scores may not "
        "say what the learner knows."
    ) + table(
        trouble, ["submission", "status", "timeouts", "crashed_tests", "why"],
        "None: every submission was graded to the end, with no timeout or crash.",
        more="problems.csv", numeric=("timeouts", "crashed_tests"),
        headers={"crashed_tests": "crashed tests"},
        widths={"submission": "16%", "status": "9%", "timeouts": "9%", "crashed_tests": "10%"},
    )  # fmt: skip
    exports = (
        "".join(f'<p class="warn">{esc(line)}</p>' for line in roster_lines)
        + '<p><a href="canvas.csv">canvas.csv</a> (Canvas gradebook import), the batch\'s '
        '<a href="../gradebook.csv">gradebook.csv</a>, and the tables of this page: '
        + ", ".join(f'<a href="{n}">{n}</a>' for n in
                    ("items.csv", "mistakes.csv", "clusters.csv", "times.csv", "problems.csv"))
        + ".</p>"
    )  # fmt: skip
    return [
        Section("scores", "Score distribution per part", scores),
        Section("items", "Item analysis", item_body),
        Section("mistakes", "Most common named mistakes",
                _mistakes_section(mistakes, graded, unnamed)),
        Section("clusters", "Failure clusters", cluster_body),
        Section("times", "Time per part", times),
        Section("look", "Submissions that need a human look", look),
        Section("exports", "Exports for the LMS", exports),
    ]


def write_report(
    grades: Path,
    out: Path | None = None,
    roster: Roster | None = None,
    assignment: str = ASSIGNMENT,
) -> Report:
    """Write the report for the batch outputs in `grades`."""
    grades = Path(grades)
    out = Path(out) if out else grades / "report"
    out.mkdir(parents=True, exist_ok=True)
    results = load_results(grades)
    parts = [p for p in NAMES if any(p in r["parts"] for r in results)]
    item_list = items(results)
    item_rows = [
        {"part": i.part, "suite": i.suite, "test": i.key, "points": show(i.max_points),
         "submissions": len(i.passed), "pass_rate": round(i.pass_rate, 3),
         "discrimination": round(i.discrimination, 3), "flag": i.flag}
        for i in item_list
    ]  # fmt: skip
    clusters, (mistakes, unnamed) = failure_clusters(results), mistake_clusters(results)
    trouble = problems(results)
    time_rows = [
        {"part": p, "mean_s": round(float(np.mean(v)), 2),
         "median_s": round(float(np.median(v)), 2), "max_s": round(max(v), 2)}
        for p, v in part_times(results, parts).items() if v
    ]  # fmt: skip
    part_rows = _part_rows(results, parts)
    matched = match(results, roster)
    warnings = matched.warnings()
    if roster is None:
        warnings_shown = ["No --roster: canvas.csv uses each submission's folder name as the "
                          "student's name and SIS Login ID, which Canvas matches only if the "
                          "folders are named by login."]  # fmt: skip
    else:
        warnings_shown = warnings or [f"Every submission is in the roster and every one of its "
                                      f"{len(roster.students)} rows has a submission."]  # fmt: skip
        if roster.ignored:
            warnings_shown.append(f"roster columns ignored: {', '.join(roster.ignored)}")
    _write_csvs(out, item_rows, clusters, mistakes, time_rows, trouble)
    write_atomic(out / "canvas.csv", canvas_csv(matched, assignment))
    totals = [r["score"] for r in results]
    summary = (
        f"{len(results)} submissions; mean {show(float(np.mean(totals)))}, median "
        f"{show(float(np.median(totals)))} of {show(max(r['max_score'] for r in results))}; "
    )
    unfinished = sum(r["status"] != "ok" for r in results)
    summary += f"{unfinished} not graded to the end." if unfinished else "all graded to the end."
    tables = (item_list, item_rows, clusters, (mistakes, unnamed), trouble, part_rows, time_rows)
    sections = _sections(results, parts, out, tables, warnings_shown)
    html = page(f"{assignment}: class report", summary, sections)
    return Report(write_atomic(out / "index.html", html), warnings)


def _part_rows(results: Sequence[dict[str, Any]], parts: Sequence[str]) -> list[dict[str, Any]]:
    rows = []
    for p in parts:
        scores = [r["parts"][p]["score"] for r in results if p in r["parts"]]
        top = max(r["parts"][p]["max_score"] for r in results if p in r["parts"])
        rows.append({"part": p, "max": show(top), "mean": show(float(np.mean(scores))),
                     "median": show(float(np.median(scores))),
                     "full_marks": sum(s >= top for s in scores)})  # fmt: skip
    return rows


def _write_csvs(out, item_rows, clusters, mistakes, time_rows, trouble) -> None:
    write_atomic(out / "items.csv", csv_text(item_rows, list(item_rows[0]) if item_rows else []))
    write_atomic(out / "clusters.csv", csv_text(clusters, ["size", "failed_tests", "fails",
                                                      "message", "submissions"]))  # fmt: skip
    write_atomic(out / "mistakes.csv", csv_text(mistakes, ["size", "part", "mistake", "seen_in",
                                                      "submissions"]))  # fmt: skip
    write_atomic(out / "times.csv", csv_text(time_rows, ["part", "mean_s", "median_s", "max_s"]))
    write_atomic(out / "problems.csv", csv_text(trouble, ["submission", "status", "timeouts",
                                                     "crashed_tests", "why"]))  # fmt: skip
