"""pytest hooks for the learner's loop, loaded by the root conftest.

- Teaching order: the stage's tests run part by part in the course's order (padding,
  im2col, conv, ...), and within a part in the order its README teaches the functions
  (stages/s13_cnn/teaching_order.json, written by grader/generate/teaching_order.py), so
  `-x` stops at the first function not yet right.
- Short output on stubs: a test that stopped at a `NotImplementedError` is counted as
  "unimplemented" instead of printing a traceback; the summary lists each function still
  to write once, in teaching order, with the README to read.
- Short failures: each failed test in at most 15 lines, the named hint first, repeated
  diagnoses of one function folded to a line each (coursekit/failure_text.py); `-vv`, or
  an explicit `--tb`, shows pytest's own report. No fixture reprs or memory addresses in
  the notes hypothesis adds ("impl=<... object at 0x...>").
- A part skipped for a missing dependency group says so and names the command.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

import pytest

from coursekit.course import BY_MARKER, PACKAGE, PARTS, Part
from coursekit.failure_text import Failure, describe, fold
from coursekit.seam import PROJECT_ROOT, resolve_root

UNIMPLEMENTED = "unimplemented"
ORDER_FILE = f"stages/{PACKAGE}/teaching_order.json"  # grader/generate/teaching_order.py
COLLECTED_PARTS = pytest.StashKey[set[str]]()
SHORT = pytest.StashKey[bool]()  # print the short failures (not pytest's own report)
TEACHING_ROOTS = (PROJECT_ROOT / "stages", PROJECT_ROOT / "grader" / "hidden")
_FIXTURE_ARG = re.compile(r"^\s*impl=.*\n?", re.MULTILINE)
_ADDRESS = re.compile(r"<([\w.]+) object at 0x[0-9a-fA-F]+>")
_STUB = re.compile(r'NotImplementedError\(\s*((?:"[^"]*"\s*)+)\)')  # pieces: one message
_PIECE = re.compile(r'"([^"]*)"')
_TO_WRITE = re.compile(r"^(\w+): implement ([\w.]+)")


def part_of(item: pytest.Item) -> Part | None:
    """An item's part (by marker, else by folder); None outside the stage."""
    for marker in item.iter_markers():
        if marker.name in BY_MARKER:
            return BY_MARKER[marker.name]
    folders = Path(str(item.path)).parts
    return next((part for part in PARTS if part.name in folders), None)


def part_rank(item: pytest.Item) -> int:
    """The position of an item's part in the course (after every part: not in one)."""
    part = part_of(item)
    return len(PARTS) if part is None else PARTS.index(part)


@cache
def teaching_order() -> dict[str, dict]:
    """{part: {"order": [function, ...], "tests": {test name: function}}}."""
    path = PROJECT_ROOT / ORDER_FILE
    return json.loads(path.read_text()) if path.is_file() else {}


def function_of(item: pytest.Item) -> str:
    """The function a visible test checks ("" when the order file does not know it)."""
    part = part_of(item)
    tests = teaching_order().get(part.name if part else "", {}).get("tests", {})
    return tests.get(item.name) or tests.get(getattr(item, "originalname", ""), "")


def _teaching(item: pytest.Item) -> bool:
    path = Path(str(item.path)).resolve()
    return any(root in path.parents for root in TEACHING_ROOTS)


def scrub(text: str) -> str:
    """Drop the `impl=...` line of a falsifying example and any object address."""
    return _ADDRESS.sub(r"<\1>", _FIXTURE_ARG.sub("", text))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def stub_names(text: str) -> list[str]:
    """The qualnames a stub module's NotImplementedError messages ask for, in file order."""
    messages = ("".join(_PIECE.findall(m)) for m in _STUB.findall(text))
    return [found.group(2) for found in map(_TO_WRITE.match, messages) if found]


def stub_messages(target, parts: set[str]) -> list[str]:
    """The NotImplementedError messages still in the learner modules of these parts (by
    name) of target, in course and file order: the functions left to write, in order."""
    try:
        package = resolve_root(target) / PACKAGE
    except (FileNotFoundError, OSError):
        return []
    found = []
    for part in (p for p in PARTS if p.name in parts):
        for module in (package / f for f in part.learner_files):
            if module.is_file():
                text = module.read_text(encoding="utf-8")
                found += ["".join(_PIECE.findall(m)) for m in _STUB.findall(text)]
    return found


def _rank_of_message(message: str) -> tuple[int, int]:
    """A to-write message's place: its part, then its function in the teaching order."""
    found = _TO_WRITE.match(message)
    names = [p.name for p in PARTS]
    if found is None or found.group(1) not in names:
        return len(names), 0
    order = teaching_order().get(found.group(1), {}).get("order", [])
    unit = found.group(2).split(".")[0]  # Class.method: taught with its class
    return names.index(found.group(1)), order.index(unit) if unit in order else len(order)


def _not_implemented(exc: BaseException) -> NotImplementedError | None:
    if isinstance(exc, NotImplementedError):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        found = [_not_implemented(e) for e in exc.exceptions]
        return next((e for e in found if e is not None), None)
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    files: dict[tuple[int, str], int] = {}  # a part's files keep their collected order
    keys, rank = {}, 0
    for index, item in enumerate(items):
        part = part_rank(item)
        file = files.setdefault((part, str(item.path)), len(files))
        function = function_of(item)
        order = teaching_order().get(PARTS[part].name, {}).get("order", []) \
            if part < len(PARTS) else []
        rank = order.index(function) if function in order else rank  # unknown: its neighbour's
        keys[item.nodeid] = (part, file, rank, index)
    items.sort(key=lambda item: keys[item.nodeid])
    ranks = {part_rank(item) for item in items}
    config.stash[COLLECTED_PARTS] = {PARTS[r].name for r in ranks if r < len(PARTS)}
    teaching = bool(items) and all(_teaching(item) for item in items)
    config.stash[SHORT] = teaching and config.option.tbstyle == "auto" \
        and config.get_verbosity() < 2
    if teaching and config.option.tbstyle == "auto":
        config.option.tbstyle = "short"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    exc = call.excinfo.value if call.excinfo is not None else None
    graded = item.config.pluginmanager.hasplugin("grader-grading")  # its hooks do it, timed
    if exc is not None and call.when == "call" and not graded and _not_implemented(exc) is None:
        from coursekit.evidence.raised import note_raise  # numpy and the cases: on a failure

        note_raise(item, exc)
    if exc is not None and getattr(exc, "__notes__", None):
        exc.__notes__[:] = [scrub(str(note)) for note in exc.__notes__]
    report = yield
    missing = _not_implemented(exc) if exc is not None else None
    if missing is not None and report.failed:
        report.unimplemented = first_line(missing)
    elif exc is not None and report.failed and call.excinfo is not None:
        report.short = _describe(item, call.excinfo)
    return report


def _describe(item: pytest.Item, excinfo: pytest.ExceptionInfo) -> Failure:
    """The short text of a failure: where in the test file, and where in learner code."""
    here = Path(str(item.path))
    entries = list(excinfo.traceback)
    in_test = [e for e in entries if Path(str(e.path)) == here]
    where = _place(in_test[-1] if in_test else entries[-1]) if entries else _rel(here)
    crash = entries[-1] if entries else None
    raised = ""
    if crash is not None and Path(str(crash.path)) != here:
        path = Path(str(crash.path)).resolve()
        if f"/{PACKAGE}/" in path.as_posix() and "site-packages" not in path.parts:
            raised = f"{_place(crash)}, in {crash.name}"
    return describe(excinfo.value, function_of(item), item.name, where, raised)


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _place(entry) -> str:
    return f"{_rel(Path(str(entry.path)))}:{entry.lineno + 1}"


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    if getattr(report, "unimplemented", None):
        return UNIMPLEMENTED, "N", "NOT IMPLEMENTED"
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config):
    """Before pytest's own summary: the short failures (instead of its FAILURES section),
    the parts skipped for a missing group, and the functions still to write."""
    saved = config.option.tbstyle, terminalreporter.reportchars
    if config.stash.get(SHORT, False):
        failed = [r for key in ("error", "failed") for r in terminalreporter.stats.get(key, [])
                  if isinstance(getattr(r, "short", None), Failure)]  # fmt: skip
        if failed:
            terminalreporter.section("failures, by function, in teaching order", sep="=",
                                     red=True)  # fmt: skip
            for line in fold([r.short for r in failed]):
                terminalreporter.write_line(line)
            config.option.tbstyle = "no"  # pytest's own FAILURES: the same, at length
            terminalreporter.reportchars = saved[1].replace("f", "").replace("E", "")
    _skipped_parts(terminalreporter)
    _still_to_write(terminalreporter, config)
    try:
        return (yield)
    finally:
        config.option.tbstyle, terminalreporter.reportchars = saved


def _skipped_parts(terminalreporter) -> None:
    """Why a part was skipped, and the command that enables it (a missing group)."""
    lines = []
    for report in terminalreporter.stats.get("skipped", []):
        part = next((p for p in PARTS  # a stage's test file, not a test that names one
                     if report.nodeid.startswith(f"stages/{PACKAGE}/{p.name}/")), None)
        if part is None or not part.group:
            continue
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        line = (f"part {part.number} ({part.name}) skipped: {reason.removeprefix('Skipped: ')}"
                f"\n  to run its tests: uv sync --group {part.group}, then "
                f"{part.test_command}")
        if line not in lines:
            lines.append(line)
    if lines:
        terminalreporter.section("skipped parts", sep="=", yellow=True)
        for line in lines:
            terminalreporter.write_line(line)


def _still_to_write(terminalreporter, config: pytest.Config) -> None:
    reports = terminalreporter.stats.get(UNIMPLEMENTED, [])
    if not reports:
        return
    parts = config.stash.get(COLLECTED_PARTS, set())
    counts = dict.fromkeys(stub_messages(config.getoption("impl", "stages"), parts), 0)
    for report in reports:  # in run order, which is the teaching order
        counts[report.unimplemented] = counts.get(report.unimplemented, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: _rank_of_message(kv[0]))
    terminalreporter.section("still to write, in this order", sep="=", yellow=True)
    for message, n in ordered:
        stopped = f"stops {n} test{'s' * (n != 1)}" if n else "not reached yet"
        terminalreporter.write_line(f"{message}  [{stopped}]")
