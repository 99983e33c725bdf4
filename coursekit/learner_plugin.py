"""pytest hooks for the learner's loop, loaded by the root conftest.

- Teaching order: the stage's tests run part by part in the course's order (padding,
  im2col, conv, ...), whatever order pytest collected the folders in, so `-x` stops at
  the first rung to fix.
- Short output on stubs: a test that stopped at a `NotImplementedError` is counted as
  "unimplemented" instead of printing a traceback; the summary lists each function still
  to write once, in the order the tests reach them, with the README to read.
- Clean failures: short tracebacks for the stage's tests (the teaching helpers in
  coursekit hide their own frames) and no fixture reprs or memory addresses in the notes
  hypothesis adds ("impl=<... object at 0x...>").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coursekit.course import BY_MARKER, PACKAGE, PARTS
from coursekit.seam import PROJECT_ROOT, resolve_root

UNIMPLEMENTED = "unimplemented"
COLLECTED_PARTS = pytest.StashKey[set[str]]()
TEACHING_ROOTS = (PROJECT_ROOT / "stages", PROJECT_ROOT / "grader" / "hidden")
_FIXTURE_ARG = re.compile(r"^\s*impl=.*\n?", re.MULTILINE)
_ADDRESS = re.compile(r"<([\w.]+) object at 0x[0-9a-fA-F]+>")
_STUB = re.compile(r'NotImplementedError\(\s*((?:"[^"]*"\s*)+)\)')  # pieces: one message
_PIECE = re.compile(r'"([^"]*)"')


def part_rank(item: pytest.Item) -> int:
    """The position of an item's part in the course (by marker, else by folder)."""
    for marker in item.iter_markers():
        if marker.name in BY_MARKER:
            return PARTS.index(BY_MARKER[marker.name])
    folders = Path(str(item.path)).parts
    return next((i for i, part in enumerate(PARTS) if part.name in folders), len(PARTS))


def _teaching(item: pytest.Item) -> bool:
    path = Path(str(item.path)).resolve()
    return any(root in path.parents for root in TEACHING_ROOTS)


def scrub(text: str) -> str:
    """Drop the `impl=...` line of a falsifying example and any object address."""
    return _ADDRESS.sub(r"<\1>", _FIXTURE_ARG.sub("", text))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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


def _not_implemented(exc: BaseException) -> NotImplementedError | None:
    if isinstance(exc, NotImplementedError):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        found = [_not_implemented(e) for e in exc.exceptions]
        return next((e for e in found if e is not None), None)
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=part_rank)  # stable: the order within a part is the file's
    ranks = {part_rank(item) for item in items}
    config.stash[COLLECTED_PARTS] = {PARTS[r].name for r in ranks if r < len(PARTS)}
    if items and all(_teaching(item) for item in items) and config.option.tbstyle == "auto":
        config.option.tbstyle = "short"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    exc = call.excinfo.value if call.excinfo is not None else None
    if exc is not None and getattr(exc, "__notes__", None):
        exc.__notes__[:] = [scrub(str(note)) for note in exc.__notes__]
    report = yield
    missing = _not_implemented(exc) if exc is not None else None
    if missing is not None and report.failed:
        report.unimplemented = first_line(missing)
    return report


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    if getattr(report, "unimplemented", None):
        return UNIMPLEMENTED, "N", "NOT IMPLEMENTED"
    return None


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    reports = terminalreporter.stats.get(UNIMPLEMENTED, [])
    if not reports:
        return
    parts = config.stash.get(COLLECTED_PARTS, set())
    counts = dict.fromkeys(stub_messages(config.getoption("impl", "stages"), parts), 0)
    for report in reports:  # in run order, which is the teaching order
        counts[report.unimplemented] = counts.get(report.unimplemented, 0) + 1
    # a message the tests raise themselves (a constant still to fill in) joins its part
    rank = {p.name: k for k, p in enumerate(PARTS)}
    ordered = sorted(counts.items(), key=lambda kv: rank.get(kv[0].split(":")[0], len(rank)))
    terminalreporter.section("still to write, in this order", sep="=", yellow=True)
    for message, n in ordered:
        stopped = f"stops {n} test{'s' * (n != 1)}" if n else "not reached yet"
        terminalreporter.write_line(f"{message}  [{stopped}]")
