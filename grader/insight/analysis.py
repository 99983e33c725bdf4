"""What a class's results say: item analysis, failure clusters, named mistakes, problems,
times. Reads the result JSON of a batch (results/*.json) as data."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coursekit.course import NAMES
from grader.core.outcomes import FAILING, Outcome, Status
from grader.results.cases import first_line

MISTAKE = re.compile(r"likely mistake:\s*(.+)", re.I)
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet cell a formula
TRUNCATED = "... (truncated)"  # how a feedback cut at its length limit ends
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
    order = {p: i for i, p in enumerate(NAMES)}
    return sorted(table.values(), key=lambda i: (order.get(i.part, 99), i.suite != "visible"))


def _representative(result: dict[str, Any], keys: set[str] | None = None) -> str:
    for test in result["tests"]:
        if test["outcome"] in FAILING and (keys is None or _function_key(test) in keys):
            hint = MISTAKE.search(test["feedback"])
            message = hint.group(0) if hint else first_line(test["feedback"])
            return f"{test['function']}: {message}"
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


def hints(feedback: str) -> list[tuple[str, bool]]:
    """The "likely mistake" lines of a feedback, each with whether the feedback was clipped
    inside it (the line that ends the text before its "... (truncated)" marker)."""
    lines = feedback.splitlines()
    found = []
    for i, line in enumerate(lines):
        match = MISTAKE.search(line)
        if match:
            after = lines[i + 1].strip() if i + 1 < len(lines) else ""
            found.append((match.group(1).strip(), after.startswith(TRUNCATED)))
    return found


def _mistake_key(text: str) -> str:
    """A hint with its figures blanked: the same mistake at other sizes is one cluster."""
    return re.sub(r"\d+(\.\d+)?(e-?\d+)?", "#", text)


def mistake_clusters(results: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Submissions grouped by each "likely mistake" line of their feedback, keyed on the
    whole hint; and how many hints were left out. A hint cut short by the feedback's length
    limit joins the one cluster whose hint it begins; one that begins none, or several
    ("your resul"), names no mistake and is left out."""
    groups: dict[str, dict[str, Any]] = {}
    clipped: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = []
    for result in results:
        for test in result["tests"]:
            if test["outcome"] not in FAILING:
                continue
            for text, cut in hints(test["feedback"]):
                if cut:
                    clipped.append((_mistake_key(text), text, test, result))
                    continue
                _join(groups, _mistake_key(text), text, test, result)
    left_out = 0
    for key, text, test, result in clipped:
        whole = [k for k in groups if k.startswith(key)]
        if len(whole) == 1:
            _join(groups, whole[0], text, test, result)
        else:
            left_out += 1
    rows = [
        {"size": len(g["submissions"]), "part": g["part"], "mistake": g["mistake"],
         "seen_in": g["test"], "submissions": " ".join(g["submissions"])}
        for g in groups.values()
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["size"], r["part"], r["mistake"])), left_out


def _join(groups, key, text, test, result) -> None:
    group = groups.setdefault(key, {"mistake": text, "part": test["part"],
                                    "test": test["function"], "submissions": []})  # fmt: skip
    if result["submission"] not in group["submissions"]:
        group["submissions"].append(result["submission"])


def problems(results: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for result in results:
        timeouts = [t["name"] for t in result["tests"] if t["outcome"] == Outcome.TIMEOUT]
        crashed = [t["name"] for t in result["tests"] if t.get("crashed")]
        if result["status"] != Status.OK or timeouts or crashed:
            rows.append({
                "submission": result["submission"], "status": result["status"],
                "timeouts": len(timeouts), "crashed_tests": len(crashed),
                "why": result["why"],
            })  # fmt: skip
    return rows


def part_times(results: Sequence[dict[str, Any]], parts: Sequence[str]) -> dict[str, list[float]]:
    return {
        p: [r["parts"][p]["duration"] for r in results if p in r["parts"] and r["tests"]]
        for p in parts
    }


def csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """A CSV of `rows`; a text cell that a spreadsheet would run as a formula (learner text
    in a message may begin with = + - @) is quoted as text with a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: _inert(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _inert(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value[:1] in FORMULA else value
