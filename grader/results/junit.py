"""JUnit XML of one or more Results: one testsuite per submission, one testcase per test."""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from grader.core.outcomes import Outcome, Status
from grader.core.result import Result, TestResult, num, show, write_atomic
from grader.results.cases import first_line
from grader.results.shown import shown

_XML_BAD = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: Any) -> str:
    return _XML_BAD.sub("?", str(text))


def junit(results: Iterable[Result]) -> ET.ElementTree:
    """One <testsuite> per (submission, part), one <testcase> per test."""
    root = ET.Element("testsuites", name="s13-grader")
    totals = dict(tests=0, failures=0, errors=0, skipped=0)
    total_time = 0.0
    for result in map(shown, results):
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
        ("score", num(result.score)),
        ("max_score", num(result.max_score)),
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
    message = _xml(first_line(test.feedback) or test.outcome)
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
