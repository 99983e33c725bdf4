"""coursekit/course.py: the one registry of parts; every table of parts reads it, every part
has its folders."""

from __future__ import annotations

import ast
import contextlib
import os
from pathlib import Path

import pytest
from trees import ROOT

from coursekit import course, seam
from grader.cli.parser import build_parser
from grader.core import limits
from grader.core.options import Verdict
from grader.gradescope.settings import Settings
from grader.intake import stage as intake
from grader.results import gradescope_json
from grader.run import runner

PKG = course.PACKAGE


def test_no_symbolic_link_in_the_tree():
    links = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("__pycache__", "runs")]
        links += [os.path.join(folder, n) for n in dirs + files if os.path.islink(Path(folder, n))]
    assert not links, links


def test_every_table_of_parts_reads_the_registry(pytestconfig):
    names = tuple(p.name for p in course.PARTS)
    assert course.NAMES == names == Verdict().parts == Settings().parts
    assert seam.MODULES is course.MODULES and seam.PACKAGE is course.PACKAGE
    assert runner.PART_COST == {p.name: p.cost for p in course.PARTS}
    assert gradescope_json.PART_NUMBER == {p.name: p.number for p in course.PARTS}
    assert intake.LEARNER_MODULES == {p.name: p.learner_files for p in course.PARTS}
    assert set(course.GIVEN_FILES) <= set(intake.GIVEN_FILES)
    markers = pytestconfig.getini("markers")
    assert all(p.marker_line in markers for p in course.PARTS)
    run = build_parser()._subparsers._group_actions[0].choices["run"]
    part_option = next(a for a in run._actions if a.dest == "part")
    assert tuple(part_option.choices) == names


@pytest.mark.parametrize("part", course.PARTS, ids=course.NAMES)
def test_every_registered_part_has_its_folders(part):
    for rel in (*part.learner_files, *part.given_files, f"{part.name}/__init__.py"):
        assert (ROOT / "solutions" / PKG / rel).is_file(), rel
    assert (ROOT / part.readme).is_file()
    assert list((ROOT / "stages" / PKG / part.name).glob("test_*.py"))
    assert (ROOT / "grader" / "hidden" / f"test_{part.name}_hidden.py").is_file()


def test_no_part_folder_is_left_out_of_the_registry():
    for tree in ("stages", "solutions"):
        folders = {p.name for p in (ROOT / tree / PKG).iterdir() if (p / "__init__.py").is_file()}
        assert folders == set(course.NAMES), tree


def _constants(path: Path) -> dict[str, object]:
    """A module's top-level `NAME = ...` and `A, B = ...` values computed from literals and
    earlier names (a value that needs more is left out)."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text()).body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        names = [t.id for t in getattr(target, "elts", [target]) if isinstance(t, ast.Name)]
        with contextlib.suppress(Exception):  # not a constant: code
            value = eval(compile(ast.Expression(node.value), str(path), "eval"), {}, found)
            found.update(zip(names, value if isinstance(target, ast.Tuple) else [value],
                             strict=True))  # fmt: skip
    return found


def test_the_time_limits_are_the_graders():
    assert course.TEST_SECONDS == limits.TEST_TIMEOUT
    assert course.GRADESCOPE_TEST_SECONDS == limits.GRADESCOPE_TIMEOUT
    for part in course.PARTS:  # each training test's CPU box: the name in its budget marker
        hidden = ROOT / "grader" / "hidden" / f"test_{part.name}_hidden.py"
        tree, values = ast.parse(hidden.read_text()), _constants(hidden)
        boxes = [values[name.id] for node in tree.body if isinstance(node, ast.FunctionDef)
                 for d in node.decorator_list if "mark.budget" in ast.unparse(d)
                 for name in ast.walk(d) if isinstance(name, ast.Name) and name.id in values]
        assert max(boxes, default=0) == part.budget, part.name
    lenet = _constants(ROOT / "grader" / "hidden" / "test_lenet_hidden.py")
    box = course.LENET_BOX
    assert (box.images, box.epochs) == (lenet["MNIST_IMAGES"], lenet["MNIST_EPOCHS"])
    assert box.stop_fraction * lenet["MNIST_BUDGET"] == lenet["PROJECTION_LIMIT"]
