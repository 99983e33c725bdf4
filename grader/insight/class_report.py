"""`grader report GRADES`: where the class struggles, from a batch's results/*.json.

Writes GRADES/report/: index.html (the summary, with the pictures), and

    scores.png, parts.png    the score distribution, overall and per part
    items.png, items.csv     item analysis: per test function, its pass rate and its
                             discrimination (the point-biserial correlation of passing it
                             with the total score: near 0 or below, the test does not
                             separate strong from weak work and deserves a look)
    clusters.csv             submissions grouped by the set of tests they fail
    mistakes.csv             submissions grouped by the "likely mistake" lines of their
                             feedback, each with its size and a representative message
    times.png, times.csv     grading time per part
    problems.csv             submissions that timed out, crashed or were invalid
    canvas.csv               Canvas's gradebook import format (the submission's folder
                             name as SIS Login ID)

Nothing here changes a score; it reads what the batch wrote.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coursekit.course import NAMES
from grader.core.result import show, write_atomic
from grader.insight.analysis import (
    ASSIGNMENT,
    canvas_csv,
    csv_text,
    failure_clusters,
    items,
    load_results,
    mistake_clusters,
    part_times,
    problems,
)
from grader.insight.plots import plot_items, plot_scores, plot_times


def _short(names: str, shown: int = 4) -> str:
    parts = names.split("; ")
    more = f"; ... {len(parts) - shown} more" if len(parts) > shown else ""
    return "; ".join(parts[:shown]) + more


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str], limit: int = 30) -> str:
    if not rows:
        return "<p>None.</p>"
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in columns) + "</tr>"
        for r in rows[:limit]
    )
    more = f"<p>... {len(rows) - limit} more in the CSV.</p>" if len(rows) > limit else ""
    return f"<table><tr>{head}</tr>{body}</table>{more}"


PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto}}
table{{border-collapse:collapse;font-size:90%}}td,th{{border:1px solid #ccc;padding:2px 6px;
text-align:left;vertical-align:top}}</style></head><body>
<h1>{title}</h1>
<p>{summary}</p>
<h2>Scores</h2><img src="scores.png" alt="score distribution"><br>
<img src="parts.png" alt="score distribution per part">
{part_table}
<h2>Item analysis</h2>
<p>Per test function: the share of submissions that pass it, and its discrimination, the
point-biserial correlation of passing it with the total score. A test nobody passes may be
broken; one everybody passes teaches little; one whose discrimination is near zero or
negative does not separate strong from weak work. <a href="items.csv">items.csv</a></p>
<img src="items.png" alt="pass rate against discrimination">
{flagged}
<h2>Failure clusters</h2>
<p>By the likely mistake named in the feedback (<a href="mistakes.csv">mistakes.csv</a>):</p>
{mistakes}
<p>By the set of tests failed (<a href="clusters.csv">clusters.csv</a>):</p>
{clusters}
<h2>Time per part</h2><img src="times.png" alt="grading time per part">
{times}
<h2>Timeouts, crashes, invalid submissions</h2>
{problems}
<h2>Exports</h2>
<p><a href="canvas.csv">canvas.csv</a> (Canvas gradebook import) and the batch's
<a href="../gradebook.csv">gradebook.csv</a>.</p>
</body></html>
"""


def write_report(grades: Path, out: Path | None = None) -> Path:
    """Write the report for the batch outputs in `grades`; returns index.html's path."""
    grades = Path(grades)
    out = Path(out) if out else grades / "report"
    out.mkdir(parents=True, exist_ok=True)
    results = load_results(grades)
    parts = [p for p in NAMES if any(p in r["parts"] for r in results)]
    table = items(results)
    item_rows = [
        {"part": i.part, "suite": i.suite, "test": i.key, "points": show(i.max_points),
         "submissions": len(i.passed),
         "pass_rate": round(i.pass_rate, 3), "discrimination": round(i.discrimination, 3),
         "flag": i.flag}
        for i in table
    ]  # fmt: skip
    clusters = failure_clusters(results)
    mistakes = mistake_clusters(results)
    trouble = problems(results)
    times = part_times(results, parts)
    time_rows = [
        {"part": p, "mean_s": round(float(np.mean(v)), 2),
         "median_s": round(float(np.median(v)), 2), "max_s": round(max(v), 2)}
        for p, v in times.items() if v
    ]  # fmt: skip
    part_rows = []
    for p in parts:
        scores = [r["parts"][p]["score"] for r in results if p in r["parts"]]
        top = max(r["parts"][p]["max_score"] for r in results if p in r["parts"])
        part_rows.append({"part": p, "max": show(top), "mean": show(float(np.mean(scores))),
                          "median": show(float(np.median(scores))),
                          "full_marks": sum(s >= top for s in scores)})  # fmt: skip
    write_atomic(out / "items.csv", csv_text(item_rows, list(item_rows[0]) if item_rows else []))
    write_atomic(out / "clusters.csv", csv_text(clusters, ["size", "failed_tests", "fails",
                                                      "message", "submissions"]))  # fmt: skip
    write_atomic(out / "mistakes.csv", csv_text(mistakes, ["size", "part", "mistake", "seen_in",
                                                      "submissions"]))  # fmt: skip
    write_atomic(out / "times.csv", csv_text(time_rows, ["part", "mean_s", "median_s", "max_s"]))
    write_atomic(out / "problems.csv", csv_text(trouble, ["submission", "status", "timeouts",
                                                     "crashed_tests", "why"]))  # fmt: skip
    write_atomic(out / "canvas.csv", canvas_csv(results))
    plot_scores(results, parts, out)
    plot_items(table, out)
    plot_times(times, out)
    totals = [r["score"] for r in results]
    summary = (
        f"{len(results)} submissions; mean {show(float(np.mean(totals)))}, median "
        f"{show(float(np.median(totals)))} of {show(max(r['max_score'] for r in results))}; "
        f"{sum(r['status'] != 'ok' for r in results)} not graded to the end."
    )
    page = PAGE.format(
        title=html.escape(f"{ASSIGNMENT}: class report"),
        summary=html.escape(summary),
        part_table=_table(part_rows, ["part", "max", "mean", "median", "full_marks"]),
        flagged=_table([r for r in item_rows if r["flag"]],
                       ["part", "suite", "test", "pass_rate", "discrimination", "flag"]),
        mistakes=_table(mistakes, ["size", "part", "mistake", "seen_in"]),
        clusters=_table([c | {"fails": _short(c["fails"])} for c in clusters],
                        ["size", "failed_tests", "fails", "message"], limit=15),
        times=_table(time_rows, ["part", "mean_s", "median_s", "max_s"]),
        problems=_table(trouble, ["submission", "status", "timeouts", "crashed_tests", "why"]),
    )  # fmt: skip
    return write_atomic(out / "index.html", page)
