"""What people read: the learner's feedback text, and the terminal's summary table and
failures."""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.course import NAMES
from coursekit.failure_text import FAILURE_LINES, FUNCTION_LINES
from coursekit.learner_plugin import teaching_order
from grader.core.outcomes import FAILING, Status, Suite
from grader.core.result import Result, TestResult, show
from grader.results.cases import by_function, first_line
from grader.results.gradescope_json import HIDDEN_FEEDBACK_CHARS
from grader.results.shown import row as one_line
from grader.results.shown import shown

PART_WIDTH = max(len(name) for name in (*NAMES, "total"))  # the tables' first column
_TO_WRITE = re.compile(r"implement ([\w.]+)")
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?(e[-+]?\d+)?")


def feedback_text(result: Result, *, limit: int | None = None) -> str:
    """Learner-facing feedback: scores, notes, then each test that did not pass (the cases
    of a parametrized test together): what was checked, what happened, how to reproduce it,
    in at most FAILURE_LINES lines. Hidden tests are summarised: no case ids, the first
    failure's message only. A test that fails the way an earlier one of its part did is one
    line; the tests of one function take at most FUNCTION_LINES lines. `limit` caps how many
    tests are spelled out."""
    result = shown(result)
    lines = [
        f"Stage 13 grading of {result.name}",
        f"Score: {show(result.score)} / {show(result.max_score)}    status: {result.status}",
    ]
    if result.why:
        lines.append(f"Why: {result.why}")
    lines.append("")
    for part, row in result.part_scores().items():
        lines.append(
            f"  {part:<{PART_WIDTH}} {show(row['score']):>7} / {show(row['max_score']):<7} "
            f"({row['passed']} of {row['tests']} tests passed)"
        )
    notes = [n for n in result.notes if "grading files kept" not in n]
    if notes:
        lines.append("")
        lines += [f"Note: {note}" for note in notes]
    failing = [cases for cases in by_function(result) if any(t.outcome in FAILING for t in cases)]
    if failing:
        count = sum(t.outcome in FAILING for cases in failing for t in cases)
        lines += ["", f"{count} test(s) did not pass:"]
    spelled = failing[:limit]
    lines += _folded(spelled)
    if limit is not None and len(failing) > limit:
        lines += ["", f"... and {len(failing) - limit} more (see the full feedback file)."]
    return "\n".join(lines) + "\n"


def _function(cases: list[TestResult]) -> str:
    """The learner's function a failing test checks: the teaching order's for a visible
    test, the one a NotImplementedError names, else the test function itself."""
    first = next(t for t in cases if t.outcome in FAILING)
    tests = teaching_order().get(first.part, {}).get("tests", {})
    named = _TO_WRITE.search(first.feedback or "")
    known = tests.get(first.name) or tests.get(first.function) if first.suite == Suite.VISIBLE \
        else (named.group(1).split(".")[0] if named else "")
    return known or first.function


def _diagnosis(cases: list[TestResult]) -> str:
    first = next(t for t in cases if t.outcome in FAILING)
    hint = next((line.strip() for line in first.feedback.splitlines()
                 if line.strip().startswith("likely mistake")), "")  # fmt: skip
    return hint or _NUMBER.sub("#", first_line(first.feedback) or first.outcome)


def _folded(failing: list[list[TestResult]]) -> list[str]:
    """Each failing test's block, folded to one line when its part has shown its diagnosis;
    at most FUNCTION_LINES lines for the tests of one function."""
    groups: dict[tuple[str, str], list[list[TestResult]]] = {}
    for cases in failing:
        groups.setdefault((cases[0].part, _function(cases)), []).append(cases)
    shown: dict[tuple[str, str], str] = {}  # (part, diagnosis) -> the test that showed it
    lines: list[str] = []
    for (part, function), group in groups.items():
        used = 0
        for k, cases in enumerate(group):
            diagnosis = (part, _diagnosis(cases))
            first = next(t for t in cases if t.outcome in FAILING)
            if diagnosis in shown:
                kind = "hidden" if first.suite == Suite.HIDDEN else "visible"
                block = [f"[{first.outcome.upper()}] {part}, {kind} test {first.function}: "
                         f"failed the same way as {shown[diagnosis]}"]
            else:
                shown[diagnosis] = first.function
                block = ["", *_capped(_feedback_block(cases))]
            if used + len(block) > FUNCTION_LINES:
                left = sum(len(c) for c in group[k:])
                lines.append(f"... and {left} more test(s) of {function} did not pass "
                             "(fix the first failure above first)")
                break
            lines += block
            used += len(block)
    return lines


def _capped(block: list[str]) -> list[str]:
    if len(block) <= FAILURE_LINES:
        return block
    return [*block[: FAILURE_LINES - 1], f"  ... ({len(block) - FAILURE_LINES + 1} more lines)"]


def _feedback_block(cases: list[TestResult]) -> list[str]:
    bad = [t for t in cases if t.outcome in FAILING]
    first = bad[0]
    hidden = first.suite == Suite.HIDDEN
    tag = " (informational, not scored)" if first.informational else ""
    outcome = "/".join(dict.fromkeys(t.outcome.upper() for t in bad))
    lines = [
        f"[{outcome}] {first.part}, {'hidden' if hidden else 'visible'} test {first.function}{tag}",
        f"  checks: {first.title}",
    ]
    if len(cases) > 1:
        which = "" if hidden else ": " + ", ".join(f"[{t.case}]" for t in bad[:8])
        more = ", ..." if not hidden and len(bad) > 8 else ""
        lines.append(f"  {len(bad)} of {len(cases)} cases did not pass{which}{more}")
    label = f" (case [{first.case}])" if first.case and not hidden and len(cases) > 1 else ""
    lines.append(f"  what happened{label}:")
    feedback = first.feedback or first.outcome
    if hidden and len(feedback) > HIDDEN_FEEDBACK_CHARS:
        feedback = feedback[:HIDDEN_FEEDBACK_CHARS].rstrip() + " ..."
    lines += [f"    {line}" for line in feedback.splitlines()]
    others = {t.feedback for t in bad[1:]} - {first.feedback}
    if len(bad) > 1 and not others:
        lines.append("  (the other cases failed the same way)")
    elif others and not hidden:
        for test in bad[1:4]:
            if test.feedback != first.feedback:
                lines.append(f"  case [{test.case}]: {first_line(test.feedback)[:160]}")
    if first.reproduce:
        lines.append(f"  reproduce: {first.reproduce}")
    return lines


def summary_table(result: Result) -> str:
    result = shown(result)
    w = PART_WIDTH + 1
    head = f"{'part':<{w}}{'score':>9}{'max':>9}{'passed':>10}{'time':>10}"
    lines = [f"Grading {result.name}  ({result.target})", head, "-" * len(head)]
    for part, row in result.part_scores().items():
        passed = f"{row['passed']}/{row['tests']}"
        lines.append(
            f"{part:<{w}}{row['score']:>9}{row['max_score']:>9}{passed:>10}{row['duration']:>9.1f}s"
        )
    lines.append("-" * len(head))
    lines.append(
        f"{'total':<{w}}{show(result.score):>9}{show(result.max_score):>9}"
        f"{'':>10}{result.execution_time:>9.1f}s"
    )
    why = f" ({one_line(result.why, 500)})" if result.why else ""
    lines.append(f"status: {result.status}{why}")
    lines.append(f"sandbox: {one_line(result.confinement_line(), 1000)}")
    for note in result.notes:
        lines.append(f"note: {one_line(note, 500)}")
    return "\n".join(lines)


def failure_lines(result: Result, limit: int = 10) -> str:
    failing = [t for t in shown(result).tests if t.outcome in FAILING]
    lines = []
    for test in failing[:limit]:
        lines.append(f"  {test.outcome:<8}{test.nodeid}")
        lines.append(f"          {first_line(test.feedback)[:150]}")
    if len(failing) > limit:
        lines.append(f"  ... and {len(failing) - limit} more (--feedback FILE writes them all)")
    return "\n".join(lines)


def batch_table(results: list[Result], out: Path, gradebook: str) -> str:
    """The terminal's view of a batch: a row per submission, the counts, where it wrote."""
    results = [shown(r) for r in results]
    width = max((len(r.name) for r in results), default=10)
    lines = ["", f"{'submission':<{width}}  {'score':>8}  {'max':>7}  status"]
    for r in results:
        lines.append(f"{r.name:<{width}}  {r.score:>8.2f}  {r.max_score:>7.2f}  {r.status}"
                     + (f"  ({one_line(r.why, 100)})" if r.why else ""))  # fmt: skip
    statuses = {s: sum(r.status == s for r in results) for s in Status}
    bounds = dict.fromkeys(str(r.confinement["memory"]) for r in results
                           if r.confined and r.confinement.get("memory"))
    lines += [f"worker memory: {one_line(bound, 500)}" for bound in bounds]
    lines.append(
        f"\n{len(results)} submissions: "
        + ", ".join(f"{n} {s}" for s, n in statuses.items() if n)
        + f"\ngradebook: {out / gradebook}\nfeedback:  {out / 'feedback'}/"
        + f"\nresults:   {out / 'results'}/"
    )
    return "\n".join(lines)
