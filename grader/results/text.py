"""What people read: the learner's feedback text, and the terminal's summary table and
failures."""

from __future__ import annotations

from pathlib import Path

from grader.core.outcomes import FAILING, Status, Suite
from grader.core.result import Result, TestResult, show
from grader.results.cases import by_function, first_line
from grader.results.gradescope_json import HIDDEN_FEEDBACK_CHARS
from grader.results.shown import row as one_line
from grader.results.shown import shown


def feedback_text(result: Result, *, limit: int | None = None) -> str:
    """Learner-facing feedback: scores, notes, then each test that did not pass (the cases
    of a parametrized test together): what was checked, what happened, how to reproduce it.
    Hidden tests are summarised: no case ids, the first failure's message only.
    `limit` caps how many tests are spelled out."""
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
            f"  {part:<8} {show(row['score']):>7} / {show(row['max_score']):<7} "
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
    for cases in failing[:limit]:
        lines += ["", *_feedback_block(cases)]
    if limit is not None and len(failing) > limit:
        lines += ["", f"... and {len(failing) - limit} more (see the full feedback file)."]
    return "\n".join(lines) + "\n"


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
    head = f"{'part':<10}{'score':>9}{'max':>9}{'passed':>10}{'time':>10}"
    lines = [f"Grading {result.name}  ({result.target})", head, "-" * len(head)]
    for part, row in result.part_scores().items():
        passed = f"{row['passed']}/{row['tests']}"
        lines.append(
            f"{part:<10}{row['score']:>9}{row['max_score']:>9}{passed:>10}{row['duration']:>9.1f}s"
        )
    lines.append("-" * len(head))
    lines.append(
        f"{'total':<10}{show(result.score):>9}{show(result.max_score):>9}"
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
