"""PrairieLearn's external-grader results.json of one Result.

PrairieLearn reads /grade/results/results.json: `gradable` (false: the submission could
not be graded, no attempt is used, `format_errors` says why), `score` in [0, 1], and
optional `message`, `output` and `tests` (each with `name`, `description`, `points`,
`max_points`, `message`, `output`), rendered by its <pl-external-grader-results> element.
The file must stay under 1 MB.

PrairieLearn shows every test to the learner at once, so the hidden suites' entries are
summarised as Gradescope's are before publication: how many cases failed and the first
message, clipped, never their inputs (grader/results/gradescope_json.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from grader.core.outcomes import FAILING, Outcome, Status
from grader.core.result import Result, TestResult, num, write_atomic
from grader.results.cases import by_function, first_line
from grader.results.gradescope_json import case_output, summary_output
from grader.results.shown import shown

SIZE_LIMIT = 1_000_000  # bytes: PrairieLearn's limit on results.json
MESSAGE_CHARS = 300  # a test's one-line message


def _message(cases: list[TestResult]) -> str:
    failing = [t for t in cases if t.outcome in FAILING]
    if not failing:
        return "passed" if any(t.outcome == Outcome.PASSED for t in cases) else "skipped"
    if failing[0].suite == "hidden":
        return f"{len(failing)} of {len(cases)} hidden case(s) did not pass"
    line = first_line(failing[0].feedback) or str(failing[0].outcome)
    return line if len(line) <= MESSAGE_CHARS else line[: MESSAGE_CHARS - 4] + " ..."


def _test(cases: list[TestResult], brief: bool) -> dict[str, Any]:
    first = cases[0]
    informational = all(t.informational for t in cases)
    entry: dict[str, Any] = {
        "name": f"{first.part} ({first.suite}) {first.function}",
        "description": first.doc + (" (informational, not scored)" if informational else ""),
        "points": num(sum(t.points for t in cases)),
        "max_points": num(sum(t.scored_max for t in cases)),
        "message": _message(cases),
        "output": _message(cases) if brief else case_output(cases),
    }
    return entry


def prairielearn(result: Result) -> dict[str, Any]:
    """results.json per PrairieLearn's external-grader format."""
    result = shown(result)
    # not gradable (no attempt used): the submission could not be read, or nothing was
    # graded (the grader failed); a worker that crashed on learner code still scores
    if result.status == Status.INVALID or (result.status == Status.CRASHED and not result.tests):
        why = result.why or "the submission could not be graded"
        return {"gradable": False, "format_errors": [why], "message": why, "tests": []}
    score = result.score / result.max_score if result.max_score > 0 else 0.0
    data = {
        "gradable": True,
        "score": min(1.0, max(0.0, round(score, 6))),
        "message": _summary_line(result),
        "output": summary_output(result, show_hidden=True),
        "tests": [_test(cases, brief=False) for cases in by_function(result)],
    }
    if len(json.dumps(data)) > SIZE_LIMIT:  # keep under the limit: one line per test
        data["tests"] = [_test(cases, brief=True) for cases in by_function(result)]
    return data


def _summary_line(result: Result) -> str:
    line = f"{num(result.score, 2)} of {num(result.max_score, 2)} points"
    if result.status != Status.OK:
        line += f"; status {result.status}: {result.why}"
    if not result.confined:
        line += "; graded UNCONFINED (--sandbox none): this score cannot be trusted"
    return line


def write_prairielearn(result: Result, path: str | os.PathLike[str]) -> Path:
    return write_atomic(path, json.dumps(prairielearn(result), indent=2) + "\n")
