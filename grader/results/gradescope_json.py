"""Gradescope's results.json of one Result (../shared/reference: the specification)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from coursekit.course import PARTS
from grader.core import limits
from grader.core.checkout import CHECKOUT
from grader.core.outcomes import FAILING, Outcome, Status, Suite
from grader.core.result import Result, TestResult, num, show, write_atomic
from grader.results.cases import by_function
from grader.results.shown import shown

PART_NUMBER = {p.name: p.number for p in PARTS}
SHOWN_CASES = 5  # failing cases of a visible test spelled out in Gradescope output
HIDDEN_FEEDBACK_CHARS = 600


def gradescope(result: Result, hidden_visibility: str = "visible") -> dict[str, Any]:
    """results.json per Gradescope's spec: one entry per test function (cases summed).

    `hidden_visibility` is Gradescope's visibility of the hidden suites' entries (the
    autograder bundle uses "after_published"); when it is not "visible", the top-level
    output gives the visible tests' scores only, and its status, reasons and notes name
    no hidden test and say nothing a hidden test wrote. What a learner may see never
    holds the grader's own paths (its temporary folders, the course checkout)."""
    result = shown(result)
    tests = []
    counters: dict[str, int] = {}
    for cases in by_function(result):
        first = cases[0]
        counters[first.part] = counters.get(first.part, 0) + 1
        entry: dict[str, Any] = {
            "name": f"{first.part} ({first.suite}) {first.function}"
            + (f": {first.doc}" if first.doc else ""),
            "number": f"{PART_NUMBER.get(first.part, 9)}.{counters[first.part]}",
            "output": private_paths(case_output(cases)),
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
        "output": private_paths(summary_output(result, hidden_visibility == "visible")),
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


def case_output(cases: list[TestResult]) -> str:
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


def summary_output(result: Result, show_hidden: bool = True) -> str:
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
        why = result.why if show_hidden else visible_why(result)
        lines.append(f"Status: {result.status}" + (f": {why}" if why else ""))
    for part, row in scores.items():
        lines.append(f"  {part}: {show(row['score'])} / {show(row['max_score'])}")
    hidden_notes = set() if show_hidden else {
        n for t in result.tests if t.suite == Suite.HIDDEN for n in t.notes}
    lines += [f"Note: {note}" for note in result.notes
              if "grading files kept" not in note and note not in hidden_notes]
    return "\n".join(lines)


def visible_why(result: Result) -> str:
    """The status's reasons as a learner may read them before grades are published: the
    visible tests by name, the hidden ones counted."""
    why = []
    seconds = result.options.get("submission_timeout")
    if seconds and limits.capped_run(seconds) in result.why:
        why.append(limits.capped_run(seconds))
    for outcome, said in ((Outcome.TIMEOUT, "ran past their time limit"),
                          (Outcome.ERROR, "ended in an error")):
        ended = [t for t in result.tests if t.outcome == outcome]
        names = [t.name for t in ended if t.suite != Suite.HIDDEN]
        if names:
            shown_names = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            why.append(f"{len(names)} visible test(s) {said} ({shown_names})")
        if len(ended) > len(names):
            why.append(f"{len(ended) - len(names)} hidden test(s) {said}")
    crashed = [t for t in result.tests if t.crashed]
    if crashed or (result.status == Status.CRASHED and not why):
        why.append("the worker running your code crashed"
                   + (f" in {len(crashed)} test(s)" if crashed else ""))
    why += [part for part in result.why.split("; ") if part.startswith("stub used for missing")]
    return "; ".join(why)


def private_paths(text: str) -> str:
    """`text` with the grader's temporary folders and course checkout left out."""
    for root, label in ((tempfile.gettempdir(), "<tmp>"), (str(CHECKOUT.root), "<grader>")):
        if len(root) > 1:
            text = re.sub(re.escape(root) + r"(?=[/\\]|\b)[^\s'\":,;)\]]*", label, text)
    return text


def write_gradescope(result: Result, path: str | os.PathLike[str]) -> Path:
    return write_atomic(path, json.dumps(gradescope(result), indent=2) + "\n")
