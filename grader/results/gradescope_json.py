"""Gradescope's results.json of one Result (../shared/reference: the specification)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from coursekit.course import PARTS
from grader.core.outcomes import FAILING, Outcome, Status, Suite
from grader.core.result import Result, TestResult, num, show, write_atomic
from grader.results.cases import by_function

PART_NUMBER = {p.name: p.number for p in PARTS}
SHOWN_CASES = 5  # failing cases of a visible test spelled out in Gradescope output
HIDDEN_FEEDBACK_CHARS = 600


def gradescope(result: Result, hidden_visibility: str = "visible") -> dict[str, Any]:
    """results.json per Gradescope's spec: one entry per test function (cases summed).

    `hidden_visibility` is Gradescope's visibility of the hidden suites' entries (the
    autograder bundle uses "after_published"); when it is not "visible", the top-level
    output gives the visible tests' scores only."""
    tests = []
    counters: dict[str, int] = {}
    for cases in by_function(result):
        first = cases[0]
        counters[first.part] = counters.get(first.part, 0) + 1
        entry: dict[str, Any] = {
            "name": f"{first.part} ({first.suite}) {first.function}"
            + (f": {first.doc}" if first.doc else ""),
            "number": f"{PART_NUMBER.get(first.part, 9)}.{counters[first.part]}",
            "output": _gradescope_output(cases),
            "output_format": "text",
            "tags": [first.part, first.suite],
            "visibility": hidden_visibility if first.suite == "hidden" else "visible",
            "extra_data": {
                "function": first.function,
                "file": first.file,
                "cases": len(cases),
                "passed": sum(t.outcome == Outcome.PASSED for t in cases),
                "duration_s": round(sum(t.duration for t in cases), 3),
            },
        }
        passed = all(t.outcome in (Outcome.PASSED, Outcome.SKIPPED) for t in cases)
        if not all(t.informational for t in cases):
            entry["score"] = num(sum(t.points for t in cases))
            entry["max_score"] = num(sum(t.scored_max for t in cases))
        entry["status"] = Outcome.PASSED if passed else Outcome.FAILED  # Gradescope's words too
        tests.append(entry)
    return {
        "score": num(result.score),
        "execution_time": round(result.execution_time, 2),
        "output": _gradescope_summary(result, hidden_visibility == "visible"),
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {
            "status": result.status,
            "why": result.why,
            "max_score": num(result.max_score),
            "parts": result.part_scores(),
            "sandbox": result.confinement_line(),
            "confined": result.confined,
        },
        "tests": tests,
    }


def _gradescope_output(cases: list[TestResult]) -> str:
    failing = [t for t in cases if t.outcome in FAILING]
    first = cases[0]
    lines = []
    if first.informational:
        lines.append("Informational: not scored.")
    if not failing:
        lines.append("Passed" + (f" ({len(cases)} cases)." if len(cases) > 1 else "."))
        lines += [f"Note: {n}" for t in cases for n in t.notes]
        return "\n".join(lines)
    if first.suite == Suite.HIDDEN:
        # hidden inputs are summarised: how many cases failed and the first message only
        lines.append(f"{len(failing)} of {len(cases)} hidden case(s) did not pass.")
        message = failing[0].feedback
        if len(message) > HIDDEN_FEEDBACK_CHARS:
            message = message[:HIDDEN_FEEDBACK_CHARS].rstrip() + " ..."
        lines.append(f"First failure ({failing[0].outcome}): {message}")
    else:
        if len(cases) > 1:
            lines.append(f"{len(failing)} of {len(cases)} case(s) did not pass.")
        for test in failing[:SHOWN_CASES]:
            label = f"[{test.case}] " if test.case else ""
            lines.append(f"{label}{test.outcome}: {test.feedback}")
        if len(failing) > SHOWN_CASES:
            lines.append(f"... and {len(failing) - SHOWN_CASES} more.")
    if first.reproduce:
        lines.append(f"Reproduce: {failing[0].reproduce or first.reproduce}")
    return "\n".join(lines)


def _gradescope_summary(result: Result, show_hidden: bool = True) -> str:
    if show_hidden:
        lines = [f"Stage 13 (CNN in NumPy): {show(result.score)} / {show(result.max_score)}"]
        scores = result.part_scores()
    else:
        visible = [t for t in result.tests if t.suite != "hidden"]
        shown = Result(result.name, result.target, result.parts, tests=visible)
        lines = [
            f"Stage 13 (CNN in NumPy), visible tests: {show(shown.score)} / "
            f"{show(shown.max_score)}. The hidden tests are shown once grades are published."
        ]
        scores = shown.part_scores()
    if not result.confined:
        lines.append("Graded UNCONFINED (--sandbox none): this score cannot be trusted.")
    if result.status != Status.OK:
        lines.append(f"Status: {result.status}: {result.why}")
    for part, row in scores.items():
        lines.append(f"  {part}: {show(row['score'])} / {show(row['max_score'])}")
    lines += [f"Note: {note}" for note in result.notes if "grading files kept" not in note]
    return "\n".join(lines)


def write_gradescope(result: Result, path: str | os.PathLike[str]) -> Path:
    return write_atomic(path, json.dumps(gradescope(result), indent=2) + "\n")
