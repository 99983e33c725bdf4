"""Renderings of a Result: Gradescope results.json, JUnit XML, feedback text, terminal table,
and the batch gradebook CSV. The result JSON itself is Result.to_dict (report.py).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from coursekit.course import PARTS
from grader.core.outcomes import FAILING, Outcome, Status, Suite
from grader.core.result import Result, TestResult, _num, show, write_atomic

PART_NUMBER = {p.name: p.number for p in PARTS}
SHOWN_CASES = 5  # failing cases of a visible test spelled out in Gradescope output
HIDDEN_FEEDBACK_CHARS = 600


def _groups(result: Result) -> list[list[TestResult]]:
    """Tests grouped by (file, function): the cases of one parametrized test together."""
    groups: dict[tuple[str, str], list[TestResult]] = {}
    for test in result.tests:
        groups.setdefault((test.file, test.function), []).append(test)
    return list(groups.values())


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


# -- Gradescope -----------------------------------------------------------------------------


def gradescope(result: Result, hidden_visibility: str = "visible") -> dict[str, Any]:
    """results.json per Gradescope's spec: one entry per test function (cases summed).

    `hidden_visibility` is Gradescope's visibility of the hidden suites' entries (the
    autograder bundle uses "after_published"); when it is not "visible", the top-level
    output gives the visible tests' scores only."""
    tests = []
    counters: dict[str, int] = {}
    for cases in _groups(result):
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
            entry["score"] = _num(sum(t.points for t in cases))
            entry["max_score"] = _num(sum(t.scored_max for t in cases))
        entry["status"] = Outcome.PASSED if passed else Outcome.FAILED  # Gradescope's words too
        tests.append(entry)
    return {
        "score": _num(result.score),
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
            "max_score": _num(result.max_score),
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


# -- JUnit XML ------------------------------------------------------------------------------

_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: Any) -> str:
    return _XML_BAD.sub("?", str(text))


def junit(results: Iterable[Result]) -> ET.ElementTree:
    """One <testsuite> per (submission, part), one <testcase> per test."""
    root = ET.Element("testsuites", name="s13-grader")
    totals = dict(tests=0, failures=0, errors=0, skipped=0)
    total_time = 0.0
    for result in results:
        if result.status == Status.INVALID or not result.tests:
            suite = _suite(root, f"{result.name}", result)
            case = ET.SubElement(suite, "testcase", classname=_xml(result.name), name="grading")
            kind = "failure" if result.status == Status.INVALID else "error"
            ET.SubElement(case, kind, message=_xml(result.why or result.status), type=result.status)
            suite.set("tests", "1")
            suite.set(kind + "s", "1")
            totals["tests"] += 1
            totals[kind + "s"] += 1
            continue
        for part in result.parts:
            tests = [t for t in result.tests if t.part == part]
            suite = _suite(root, f"{result.name}.{part}", result)
            counts = dict(tests=0, failures=0, errors=0, skipped=0)
            elapsed = 0.0
            for test in tests:
                _testcase(suite, result, test, counts)
                elapsed += test.duration
            for key, value in counts.items():
                suite.set(key, str(value))
                totals[key] += value
            suite.set("time", f"{elapsed:.3f}")
            total_time += elapsed
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return ET.ElementTree(root)


def _suite(root: ET.Element, name: str, result: Result) -> ET.Element:
    suite = ET.SubElement(root, "testsuite", name=_xml(name))
    for key in ("tests", "failures", "errors", "skipped"):
        suite.set(key, "0")
    suite.set("time", "0")
    props = ET.SubElement(suite, "properties")
    for key, value in (
        ("status", result.status),
        ("why", result.why),
        ("score", _num(result.score)),
        ("max_score", _num(result.max_score)),
        ("sandbox", result.confinement_line()),
    ):
        ET.SubElement(props, "property", name=key, value=_xml(value))
    return suite


def _testcase(suite: ET.Element, result: Result, test: TestResult, counts: dict[str, int]):
    classname = f"{result.name}.{test.part}.{test.suite}.{Path(test.file).stem}"
    case = ET.SubElement(
        suite,
        "testcase",
        classname=_xml(classname),
        name=_xml(test.name),
        file=_xml(test.file),
        time=f"{test.duration:.3f}",
    )
    counts["tests"] += 1
    message = _xml(_first_line(test.feedback) or test.outcome)
    if test.outcome in (Outcome.FAILED, Outcome.TIMEOUT):
        element = ET.SubElement(case, "failure", message=message, type=test.outcome)
        element.text = _xml(test.feedback)
        counts["failures"] += 1
    elif test.outcome == Outcome.ERROR:
        element = ET.SubElement(case, "error", message=message, type=test.outcome)
        element.text = _xml(test.feedback)
        counts["errors"] += 1
    elif test.outcome == Outcome.SKIPPED:
        ET.SubElement(case, "skipped", message=message)
        counts["skipped"] += 1
    out = [f"points: {show(test.points)} / {show(test.scored_max)}"]
    if test.reproduce:
        out.append(f"reproduce: {test.reproduce}")
    out += [f"note: {n}" for n in test.notes]
    ET.SubElement(case, "system-out").text = _xml("\n".join(out))


def write_junit(results: Iterable[Result], path: str | os.PathLike[str]) -> Path:
    buffer = io.BytesIO()
    junit(results).write(buffer, encoding="utf-8", xml_declaration=True)
    return write_atomic(path, buffer.getvalue().decode("utf-8") + "\n")


# -- feedback text --------------------------------------------------------------------------


def feedback_text(result: Result, *, limit: int | None = None) -> str:
    """Learner-facing feedback: scores, notes, then each test that did not pass (the cases
    of a parametrized test together): what was checked, what happened, how to reproduce it.
    Hidden tests are summarised: no case ids, the first failure's message only.
    `limit` caps how many tests are spelled out."""
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
    failing = [cases for cases in _groups(result) if any(t.outcome in FAILING for t in cases)]
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
                lines.append(f"  case [{test.case}]: {_first_line(test.feedback)[:160]}")
    if first.reproduce:
        lines.append(f"  reproduce: {first.reproduce}")
    return lines


# -- terminal -------------------------------------------------------------------------------


def summary_table(result: Result) -> str:
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
    lines.append(f"status: {result.status}" + (f" ({result.why})" if result.why else ""))
    lines.append(f"sandbox: {result.confinement_line()}")
    for note in result.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines)


def failure_lines(result: Result, limit: int = 10) -> str:
    failing = [t for t in result.tests if t.outcome in FAILING]
    lines = []
    for test in failing[:limit]:
        lines.append(f"  {test.outcome:<8}{test.nodeid}")
        lines.append(f"          {_first_line(test.feedback)[:150]}")
    if len(failing) > limit:
        lines.append(f"  ... and {len(failing) - limit} more (--feedback FILE writes them all)")
    return "\n".join(lines)


# -- gradebook ------------------------------------------------------------------------------


def gradebook_csv(results: Sequence[Result], parts: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["submission", *parts, "total", "max", "status", "why", "seconds", "sandbox", "cached"]
    )
    full_max = max((r.max_score for r in results), default=0.0)  # for invalid rows
    for result in sorted(results, key=lambda r: r.name):
        scores = result.part_scores()
        writer.writerow(
            [
                result.name,
                *(_csv(scores[p]["score"]) if p in scores else 0 for p in parts),
                _csv(result.score),
                _csv(result.max_score or full_max),
                result.status,
                result.why,
                f"{result.execution_time:.1f}",
                "confined" if result.confined else "unconfined",
                "yes" if result.cached else "no",
            ]
        )
    return buffer.getvalue()


def _csv(value: float) -> str:
    return str(_num(value))
