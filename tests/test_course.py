"""The single source: the registry of parts, the generated stubs, no hand-kept copy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from commands import PARTS as COMMAND_PARTS
from mistakes.catalog import PARTS as CATALOG_PARTS

from coursekit import course, seam
from grader import formats, runner, stubs
from grader import submission as intake
from grader.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
PKG = course.PACKAGE


def test_committed_stubs_are_what_the_generator_writes():
    assert stubs.differing() == [], "run `uv run grader stubs` and commit stages/"


def test_no_symbolic_link_in_the_tree():
    links = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("__pycache__", "runs")]
        links += [os.path.join(folder, n) for n in dirs + files if os.path.islink(Path(folder, n))]
    assert not links, links


def test_every_table_of_parts_reads_the_registry(pytestconfig):
    names = tuple(p.name for p in course.PARTS)
    assert seam.PARTS == intake.PARTS == COMMAND_PARTS == CATALOG_PARTS == names
    assert seam.MODULES is course.MODULES and seam.PACKAGE is course.PACKAGE
    assert runner.PART_COST == {p.name: p.cost for p in course.PARTS}
    assert formats.PART_NUMBER == {p.name: p.number for p in course.PARTS}
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


# -- the generator on a made-up part: two learner modules, no given module -----------------

SOURCE = '''"""A made-up part."""

import numpy as np


# BEGIN SOLUTION
def _helper(x):
    return x + 1
# END SOLUTION


# GIVEN
def given(x):
    """Given complete."""
    return np.asarray(x)


def double(x: np.ndarray) -> np.ndarray:
    """x: (N, C) -> 2 * x."""
    N, C = x.shape
    # BEGIN SOLUTION
    return _helper(x) * 2 - 2
    # END SOLUTION


class Layer:
    """A layer."""

    def forward(self, x):
        """x -> x."""
        # BEGIN SOLUTION
        return x
        # END SOLUTION
'''

STUB = '''"""A made-up part."""

import numpy as np


def given(x):
    """Given complete."""
    return np.asarray(x)


def double(x: np.ndarray) -> np.ndarray:
    """x: (N, C) -> 2 * x."""
    N, C = x.shape
    raise NotImplementedError("toy: implement double (see stages/s13_cnn/toy/README.md)")


class Layer:
    """A layer."""

    def forward(self, x):
        """x -> x."""
        raise NotImplementedError("toy: implement Layer.forward (see stages/s13_cnn/toy/README.md)")
'''

TOY = course.Part(9, "toy", "a made-up part", ("first", "second_module"), cost=1)


def test_the_generator_keeps_given_code_and_replaces_solution_blocks(tmp_path):
    src = tmp_path / "solutions" / PKG / "toy"
    src.mkdir(parents=True)
    (src / "__init__.py").write_text('"""toy"""\n')
    for module in TOY.learner:
        (src / f"{module}.py").write_text(SOURCE)
    assert sorted(stubs.differing(tmp_path, [TOY])) == [
        "toy/__init__.py", "toy/first.py", "toy/second_module.py",
    ]  # fmt: skip
    stubs.write(tmp_path, [TOY])
    for module in TOY.learner:
        assert (tmp_path / "stages" / PKG / "toy" / f"{module}.py").read_text() == STUB
    assert stubs.differing(tmp_path, [TOY]) == []


@pytest.mark.parametrize(
    "source, error",
    [
        ("def f():\n    return 1\n", "f has no # BEGIN SOLUTION block"),
        ("def f():\n    # BEGIN SOLUTION\n    return 1\n", "without an # END"),
        ("def f():\n    # BEGIN SOLUTION\n    return 1\n# END SOLUTION\n", "not indented"),
        ("class A:\n    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION\n", "class body"),
    ],
)
def test_the_generator_refuses_a_forgotten_or_broken_marker(source, error):
    with pytest.raises(stubs.MarkerError, match=error):
        stubs.stub_text(source, TOY)


def test_a_dropped_block_after_a_statement_keeps_the_blank_lines_that_follow_it():
    """A placeholder with its solution right after it (C3_TABLE = (), then the table):
    the stub keeps the placeholder apart from the next definition."""
    source = ("X = ()\n# BEGIN SOLUTION\nX = (1,)\n# END SOLUTION\n\n\n"
              "# GIVEN\ndef f():\n    return X\n")
    assert stubs.stub_text(source, TOY) == "X = ()\n\n\ndef f():\n    return X\n"
