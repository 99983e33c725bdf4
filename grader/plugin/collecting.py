"""What the report says of each collected test: its file, part, suite, points and the learner
command that reproduces it (a TestInfo per pytest item)."""

from __future__ import annotations

import ast
import shlex
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from coursekit.course import BY_MARKER, NAMES
from grader.core.events import TestInfo
from grader.core.outcomes import Suite


def describe(items: list[pytest.Item], rootpath: Path) -> list[TestInfo]:
    """A TestInfo per item (one per node id); a test function's weight split over its cases."""
    cases = Counter(_function_key(item) for item in items)
    weight = _weights()
    described = {}
    for item in items:
        file, function = _function_key(item)
        described[item.nodeid] = TestInfo(
            nodeid=item.nodeid,
            file=_relpath(item, rootpath),
            function=function,
            part=_part_of(item),
            suite=_suite_of(item, rootpath),
            max_points=weight(file, function) / cases[(file, function)],
            doc=_doc_line(item),
            reproduce=_reproduce(item, rootpath),
        )
    return list(described.values())


def points_in(files: Iterable[Path]) -> float:
    """The points of every test function in these test files, read without running them:
    what a part is worth before it is graded (an unusable submission scores 0 of it)."""
    weight = _weights()
    return sum(
        weight(path.name, node.name)
        for path in files
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
    )


def _relpath(item: pytest.Item, rootpath: Path) -> str:
    try:
        return Path(str(item.path)).resolve().relative_to(rootpath).as_posix()
    except ValueError:
        return str(item.path)


def _suite_of(item: pytest.Item, rootpath: Path) -> Suite:
    rel = _relpath(item, rootpath)
    if rel.startswith("stages/"):
        return Suite.VISIBLE
    if rel.startswith("grader/hidden/"):
        return Suite.HIDDEN
    return Suite.OTHER


def _reproduce(item: pytest.Item, rootpath: Path) -> str:
    marker = item.get_closest_marker("reproduce")
    if marker is not None and marker.args:
        return str(marker.args[0])
    if _suite_of(item, rootpath) == Suite.VISIBLE:
        return f"uv run pytest {shlex.quote(item.nodeid)}"
    part = _part_of(item)
    return f"uv run pytest stages/s13_cnn/{part}" if part in NAMES else ""


def _weights() -> Callable[[str, str], float]:
    try:
        from grader.hidden.weights import points_for
    except ImportError:
        try:
            from grader.hidden.weights import DEFAULT_WEIGHT
        except ImportError:
            DEFAULT_WEIGHT = 1.0
        return lambda file, function: float(DEFAULT_WEIGHT)
    return lambda file, function: float(points_for(file, function))


def _function_key(item: pytest.Item) -> tuple[str, str]:
    name = getattr(item, "originalname", None) or item.name.split("[")[0]
    return Path(str(item.path)).name, name


def _part_of(item: pytest.Item) -> str:
    for marker in item.iter_markers():
        if marker.name in BY_MARKER:
            return BY_MARKER[marker.name].name
    for part in NAMES:  # no marker: the folder or the file name says it
        if part in Path(str(item.path)).parts or Path(str(item.path)).name in (
            f"test_{part}.py", f"test_{part}_hidden.py"
        ):
            return part
    return "other"


def _doc_line(item: pytest.Item) -> str:
    doc = getattr(getattr(item, "function", None), "__doc__", None) or ""
    lines = [line.strip() for line in doc.strip().splitlines()]
    return lines[0] if lines else ""
