"""The READMEs state the course's facts as the registry and the grader hold them: the parts,
their markers and points, the dependency groups a command needs, the time limits; and
every command in them is one tests/generate/test_readme_commands.py runs or skips with a
reason. No test here runs a command."""

from __future__ import annotations

import re
import tomllib

import pytest
from readmes import cases, commands, readme_texts, readmes
from trees import ROOT

from coursekit.course import (
    GRADESCOPE_TEST_SECONDS,
    GROUPS,
    LENET_BOX,
    MACHINE,
    MARKERS,
    NAMES,
    PARTS,
    TEST_SECONDS,
)
from grader.core.checkout import CHECKOUT
from grader.plugin.collecting import points_in

HANDOUT = readme_texts("handout")
PROJECT = readme_texts("project")
CASES = cases()


def test_every_command_is_in_a_fenced_block():
    for rel, text in {**PROJECT, **HANDOUT}.items():
        fenced = {c.line for c in commands(text, rel)}
        loose = [k + 1 for k, line in enumerate(text.splitlines())
                 if re.match(r"^\s{4,}(\$ )?uv\s", line) and k + 1 not in fenced]  # fmt: skip
        assert not loose, f"{rel}: lines {loose} hold a command outside a ``` block"
    assert len(CASES) > 60


def test_the_handout_readmes_use_nothing_the_handout_lacks():
    for tree, command in CASES:
        if tree != "handout":
            continue
        words = command.shell.split("#")[0].split()
        assert "grader" not in words, f"{command.id}: no grader in the handout"
        if "lenet" in words[words.index("uv") + 2 :]:
            assert "--group lenet" in command.shell, f"{command.id}: needs the lenet group"


@pytest.mark.parametrize("tree", ["handout", "project"])
def test_a_command_that_needs_torch_says_so_on_its_line(tree):
    for t, command in CASES:
        shell = command.shell
        if t == tree and re.search(r"lenet_torch|--model torch|\bcompare\b", shell):
            assert "--group torch" in shell or "torch group" in shell, command.id


def test_both_trees_define_the_groups_the_readmes_name():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert set(GROUPS) <= set(project["dependency-groups"])
    named = {g for _, c in CASES for g in re.findall(r"--group (\w+)", c.shell)}
    assert named <= set(GROUPS), named


def test_marker_lists_name_every_part():
    said = re.compile(r"Each part's marker is its name: ([^.]+)\.")
    lists = [line for text in (*HANDOUT.values(), PROJECT["README.md"])
             for line in said.findall(text)]  # fmt: skip
    assert len(lists) == 3, lists  # the project's, the stage's and the handout's READMEs
    for found in lists:
        assert re.split(r",?\s+", found.strip()) == list(MARKERS), found
    for text in (*HANDOUT.values(), *PROJECT.values()):
        assert "markers: padding im2col conv pooling lenet)" not in text
        assert not re.search(r"\bfive (modules|parts)\b", text)


def test_the_tables_of_parts_list_every_part_in_order():
    for text in (PROJECT["README.md"], PROJECT["stages/s13_cnn/README.md"]):
        rows = re.findall(r"^\| (\d) \| \[(\w+)\]", text, re.M)
        assert rows == [(str(p.number), p.name) for p in PARTS]


def test_the_quick_start_table_shows_the_graders_points():
    text = PROJECT["README.md"]
    block = text[text.index("part ", text.index("## Quick start")) :]
    rows = dict(re.findall(r"^(\w+)\s+\d+(?:\.\d+)?\s+(\d+)\s+\d+/\d+", block, re.M)[: len(NAMES)])
    points = {p: points_in([*CHECKOUT.visible_tests(p), *CHECKOUT.hidden_tests(p)])
              for p in NAMES}  # fmt: skip
    assert rows == {p: str(round(v)) for p, v in points.items()}
    total = re.search(r"^total\s+\d+\s+(\d+)", block, re.M).group(1)
    assert int(total) == round(sum(points.values()))


@pytest.mark.parametrize("part", PARTS, ids=NAMES)
def test_each_part_readme_states_its_time_limits(part):
    text = (ROOT / part.readme).read_text()
    section = text[text.index("## Time limits") :].split("\n## ")[0]
    flat = " ".join(section.split())
    assert f"**{TEST_SECONDS} s** of wall-clock time" in flat
    assert f"{GRADESCOPE_TEST_SECONDS} s with the Gradescope autograder's default" in flat
    assert MACHINE in flat and "timeout" in flat and "timed out earlier" in flat
    if part.budget:
        assert f"time box of **{part.budget} s** of CPU time" in flat
    if part.name == "lenet":
        box = LENET_BOX
        assert f"{box.epochs} epochs on {box.images:,} images" in flat
        assert f"{box.stop_fraction * part.budget:.0f} s" in flat and "lenet bench" in flat


def test_readmes_are_the_ones_collected():
    assert set(PROJECT) == set(readmes(ROOT))
