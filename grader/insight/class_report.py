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

import csv
import html
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from coursekit.seam import PARTS  # noqa: E402
from grader.core.outcomes import FAILING, Outcome, Status  # noqa: E402
from grader.core.result import write_atomic  # noqa: E402

MISTAKE = re.compile(r"likely mistake:\s*(.+)", re.I)
ASSIGNMENT = "Stage 13: CNN from scratch"
EASY, HARD, FLAT = 0.95, 0.2, 0.1


@dataclass
class Item:
    key: str  # "<file>::<function>"
    part: str
    suite: str
    max_points: float
    passed: list[bool]  # one per submission that ran it, in submission order
    totals: list[float]  # those submissions' total scores

    @property
    def pass_rate(self) -> float:
        return sum(self.passed) / len(self.passed) if self.passed else math.nan

    @property
    def discrimination(self) -> float:
        """Point-biserial correlation of passing with the total (NaN: no variation)."""
        x = np.array(self.passed, dtype=float)
        y = np.array(self.totals, dtype=float)
        if len(x) < 3 or x.std() == 0 or y.std() == 0:
            return math.nan
        return float(np.corrcoef(x, y)[0, 1])

    @property
    def flag(self) -> str:
        rate, r = self.pass_rate, self.discrimination
        if rate == 0:
            return "nobody passes: too hard or broken"
        if rate < HARD:
            return "hard"
        if rate >= EASY:
            return "easy"
        if not math.isnan(r) and r < FLAT:
            return "does not discriminate: check it"
        return ""


def load_results(grades: Path) -> list[dict[str, Any]]:
    results = []
    for path in sorted((grades / "results").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "tests" in data:
            results.append(data)
    if not results:
        raise FileNotFoundError(f"no results/*.json in {grades} (run a --batch first)")
    return results


def _function_key(test: dict[str, Any]) -> str:
    return f"{Path(test['file']).name}::{test['function']}"


def _outcomes(result: dict[str, Any]) -> dict[str, bool]:
    """Test function -> passed (every scored case passed); skipped cases do not count."""
    passed: dict[str, bool] = {}
    for test in result["tests"]:
        if test["outcome"] == Outcome.SKIPPED:
            continue
        key = _function_key(test)
        passed[key] = passed.get(key, True) and test["outcome"] == Outcome.PASSED
    return passed


def items(results: Sequence[dict[str, Any]]) -> list[Item]:
    table: dict[str, Item] = {}
    for result in results:
        if result["status"] == Status.INVALID:
            continue
        points: dict[str, float] = defaultdict(float)
        for test in result["tests"]:
            points[_function_key(test)] += test["max_points"]
        for key, ok in _outcomes(result).items():
            first = next(t for t in result["tests"] if _function_key(t) == key)
            item = table.setdefault(key, Item(key, first["part"], first["suite"], points[key],
                                              [], []))  # fmt: skip
            item.passed.append(ok)
            item.totals.append(result["score"])
    order = {p: i for i, p in enumerate(PARTS)}
    return sorted(table.values(), key=lambda i: (order.get(i.part, 99), i.suite != "visible"))


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _representative(result: dict[str, Any], keys: set[str] | None = None) -> str:
    for test in result["tests"]:
        if test["outcome"] in FAILING and (keys is None or _function_key(test) in keys):
            hint = MISTAKE.search(test["feedback"])
            message = hint.group(0) if hint else _first_line(test["feedback"])
            return f"{test['function']}: {message}"[:300]
    return ""


def failure_clusters(results: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Submissions grouped by the set of test functions they fail, largest first."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for result in results:
        if result["status"] == Status.INVALID:
            continue
        failed = tuple(sorted(k for k, ok in _outcomes(result).items() if not ok))
        groups[failed].append(result)
    rows = []
    for failed, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), len(kv[0]))):
        rows.append({
            "size": len(members),
            "failed_tests": len(failed),
            "fails": "; ".join(failed) if failed else "(nothing: full marks)",
            "message": _representative(members[0], set(failed)) if failed else "",
            "submissions": " ".join(r["submission"] for r in members),
        })  # fmt: skip
    return rows


def mistake_clusters(results: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Submissions grouped by each "likely mistake" line of their feedback."""
    groups: dict[str, dict[str, Any]] = {}
    for result in results:
        seen = set()
        for test in result["tests"]:
            if test["outcome"] not in FAILING:
                continue
            for match in MISTAKE.finditer(test["feedback"]):
                text = match.group(1).strip()
                key = re.sub(r"\d+(\.\d+)?(e-?\d+)?", "#", text)
                if key in seen:
                    continue
                seen.add(key)
                group = groups.setdefault(
                    key, {"mistake": text, "part": test["part"], "test": test["function"],
                          "submissions": []},
                )  # fmt: skip
                group["submissions"].append(result["submission"])
    rows = [
        {"size": len(g["submissions"]), "part": g["part"], "mistake": g["mistake"][:300],
         "seen_in": g["test"], "submissions": " ".join(g["submissions"])}
        for g in groups.values()
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["size"], r["part"]))


def problems(results: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for result in results:
        timeouts = [t["name"] for t in result["tests"] if t["outcome"] == Outcome.TIMEOUT]
        crashed = [t["name"] for t in result["tests"] if t.get("crashed")]
        if result["status"] != Status.OK or timeouts or crashed:
            rows.append({
                "submission": result["submission"], "status": result["status"],
                "timeouts": len(timeouts), "crashed_tests": len(crashed),
                "why": result["why"][:400],
            })  # fmt: skip
    return rows


def part_times(results: Sequence[dict[str, Any]], parts: Sequence[str]) -> dict[str, list[float]]:
    return {
        p: [r["parts"][p]["duration"] for r in results if p in r["parts"] and r["tests"]]
        for p in parts
    }


def canvas_csv(results: Sequence[dict[str, Any]], assignment: str = ASSIGNMENT) -> str:
    """Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then
    the assignment's column; a "Points Possible" row first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment])
    full = max((r["max_score"] for r in results), default=0)
    writer.writerow(["Points Possible", "", "", "", "", _num(full)])
    for r in results:
        writer.writerow([r["submission"], "", "", r["submission"], "", _num(r["score"])])
    return buffer.getvalue()


def _short(names: str, shown: int = 4) -> str:
    parts = names.split("; ")
    more = f"; ... {len(parts) - shown} more" if len(parts) > shown else ""
    return "; ".join(parts[:shown]) + more


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def _csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# -- pictures -------------------------------------------------------------------------------


def _save(fig: plt.Figure, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_scores(results: Sequence[dict[str, Any]], parts: Sequence[str], out: Path) -> None:
    full = max(r["max_score"] for r in results) or 1
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist([r["score"] for r in results], bins=np.linspace(0, full, 21), color="#3b6ea5")
    ax.set(xlabel=f"total score (of {_num(full)})", ylabel="submissions",
           title="Score distribution")  # fmt: skip
    _save(fig, out / "scores.png")
    fig, axes = plt.subplots(1, len(parts), figsize=(2.6 * len(parts), 2.8), squeeze=False)
    for ax, part in zip(axes[0], parts, strict=True):
        rows = [r["parts"][part] for r in results if part in r["parts"]]
        top = max((row["max_score"] for row in rows), default=0) or 1
        ax.hist([row["score"] for row in rows], bins=np.linspace(0, top, 11), color="#5b8c5a")
        ax.set(title=part, xlabel=f"of {_num(top)}")
    axes[0][0].set_ylabel("submissions")
    _save(fig, out / "parts.png")


def plot_items(table: Sequence[Item], out: Path) -> None:
    fig, ax = plt.subplots(figsize=(6, 4))
    for suite, marker in (("visible", "o"), ("hidden", "^")):
        chosen = [i for i in table if i.suite == suite and not math.isnan(i.discrimination)]
        ax.scatter([i.pass_rate for i in chosen], [i.discrimination for i in chosen],
                   marker=marker, alpha=0.7, label=f"{suite} tests")  # fmt: skip
    ax.axhline(FLAT, color="grey", lw=0.8, ls="--")
    ax.set(xlabel="pass rate", ylabel="discrimination (point-biserial r)",
           xlim=(-0.05, 1.05), title="Item analysis")  # fmt: skip
    ax.legend()
    _save(fig, out / "items.png")


def plot_times(times: dict[str, list[float]], out: Path) -> None:
    fig, ax = plt.subplots(figsize=(6, 3.2))
    names = [p for p, v in times.items() if v]
    ax.boxplot([times[p] for p in names], tick_labels=names)
    ax.set(ylabel="seconds", title="Grading time per part")
    _save(fig, out / "times.png")


# -- the page -------------------------------------------------------------------------------


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
    parts = [p for p in PARTS if any(p in r["parts"] for r in results)]
    table = items(results)
    item_rows = [
        {"part": i.part, "suite": i.suite, "test": i.key, "points": _num(i.max_points),
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
        part_rows.append({"part": p, "max": _num(top), "mean": _num(float(np.mean(scores))),
                          "median": _num(float(np.median(scores))),
                          "full_marks": sum(s >= top for s in scores)})  # fmt: skip
    write_atomic(out / "items.csv", _csv(item_rows, list(item_rows[0]) if item_rows else []))
    write_atomic(out / "clusters.csv", _csv(clusters, ["size", "failed_tests", "fails",
                                                      "message", "submissions"]))  # fmt: skip
    write_atomic(out / "mistakes.csv", _csv(mistakes, ["size", "part", "mistake", "seen_in",
                                                      "submissions"]))  # fmt: skip
    write_atomic(out / "times.csv", _csv(time_rows, ["part", "mean_s", "median_s", "max_s"]))
    write_atomic(out / "problems.csv", _csv(trouble, ["submission", "status", "timeouts",
                                                     "crashed_tests", "why"]))  # fmt: skip
    write_atomic(out / "canvas.csv", canvas_csv(results))
    plot_scores(results, parts, out)
    plot_items(table, out)
    plot_times(times, out)
    totals = [r["score"] for r in results]
    summary = (
        f"{len(results)} submissions; mean {_num(float(np.mean(totals)))}, median "
        f"{_num(float(np.median(totals)))} of {_num(max(r['max_score'] for r in results))}; "
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
