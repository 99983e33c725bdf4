"""The tree reads as the architecture (docs/ARCHITECTURE.md): modules small enough to read in
one sitting, no import circles, and no two modules of one name."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest
from trees import ROOT

from coursekit.course import PARTS

MAX_LINES = 300
# A part's learner module is one worksheet the learner fills in: splitting it would change
# the file every submission hands in (and the frozen validation mistakes that patch it), so
# it may be longer, up to this.
MAX_WORKSHEET_LINES = 400
LEARNER_MODULES = {module for part in PARTS for module in part.learner}
PACKAGES = ("grader", "coursekit")  # the project's own code
READ_IN_ONE_SITTING = (*PACKAGES, "solutions", "benchmarks")


def modules(*tops: str) -> dict[str, Path]:
    """Dotted module name -> file, for every .py under the given top folders."""
    found = {}
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts).removesuffix(".__init__")] = path
    return found


def too_long(path: Path) -> bool:
    hidden_suite = path.parent.name == "hidden" and path.name.startswith("test_")
    worksheet = path.relative_to(ROOT).parts[0] == "solutions" and path.stem in LEARNER_MODULES
    limit = MAX_WORKSHEET_LINES if worksheet else MAX_LINES
    return not hidden_suite and len(path.read_text().splitlines()) > limit


def test_no_module_is_over_300_lines():
    long = {str(p.relative_to(ROOT)): len(p.read_text().splitlines())
            for p in modules(*READ_IN_ONE_SITTING).values() if too_long(p)}  # fmt: skip
    assert not long, f"split these by concept (a hidden suite may be longer): {long}"



def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules `name` imports anywhere in its body (a function-level or
    TYPE_CHECKING import counts: it still ties the two modules together)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports the module pkg.mod, not pkg's names
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]  # fmt: skip
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles():
    known = modules(*PACKAGES)
    graph = {name: imports_of(name, path, known) for name, path in known.items()}
    assert circles(graph) == []


def test_the_circle_finder_finds_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]


def test_no_two_modules_share_a_name():
    names = defaultdict(list)
    for name, path in modules(*PACKAGES).items():
        leaf = name.rpartition(".")[2]
        if path.name not in ("__init__.py", "__main__.py", "conftest.py"):
            names[leaf].append(name)
    packages = {p.parent.name for p in modules(*PACKAGES).values() if p.name == "__init__.py"}
    shared = {leaf: where for leaf, where in names.items() if len(where) > 1 or leaf in packages}
    assert not shared, f"one name, several things: {shared}"


@pytest.mark.parametrize("top", PACKAGES)
def test_every_package_folder_is_a_package(top):
    folders = {p.parent for p in (ROOT / top).rglob("*.py") if "__pycache__" not in p.parts}
    loose = [str(f.relative_to(ROOT)) for f in folders
             if not (f / "__init__.py").exists() and f.name != "child"]  # fmt: skip
    assert not loose, f"folders of modules without __init__.py: {loose}"
