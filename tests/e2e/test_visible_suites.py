"""The visible suite passes on solutions/ and fails, cleanly and part by part, on the stubs."""

from __future__ import annotations

import pytest
from commands import run_visible_suite

from coursekit.course import NAMES

pytestmark = pytest.mark.slow  # grades for real


@pytest.fixture(scope="module")
def on_solutions(tmp_path_factory):
    return run_visible_suite("solutions", tmp_path_factory.mktemp("solutions"))


@pytest.fixture(scope="module")
def on_stubs(tmp_path_factory):
    return run_visible_suite("stages", tmp_path_factory.mktemp("stubs"))


def _part(cases, part):
    selected = [c for c in cases if c.part == part]
    assert selected, f"no visible test collected for part {part}"
    return selected


@pytest.mark.parametrize("part", NAMES)
def test_every_visible_test_passes_on_solutions(on_solutions, part):
    code, cases, output = on_solutions
    bad = [
        f"{c.name}: {c.outcome}\n{c.message[:400]}"
        for c in _part(cases, part)
        if c.outcome != "passed"
    ]
    assert not bad, "\n".join(bad)
    assert code == 0, output[-2000:]


@pytest.mark.parametrize("part", NAMES)
def test_every_visible_test_fails_on_the_stubs(on_stubs, part):
    code, cases, output = on_stubs
    wrong = [f"{c.name}: {c.outcome}" for c in _part(cases, part) if c.outcome != "failed"]
    assert not wrong, "on the stubs these tests did not fail:\n" + "\n".join(wrong)
    assert code == 1, f"pytest exit code {code} (1 = tests failed; 2+ = collection or usage error)"


@pytest.mark.parametrize("part", NAMES)
def test_stub_failures_name_the_part_to_implement(on_stubs, part):
    _, cases, _ = on_stubs
    unclear = [
        c.name
        for c in _part(cases, part)
        if "NotImplementedError" not in c.message or "implement" not in c.message
    ]
    assert not unclear, f"these failures don't say what to implement: {unclear}"


def test_stage_runs_in_teaching_order(on_stubs):
    _, cases, _ = on_stubs
    ranks = [NAMES.index(c.part) for c in cases]
    assert ranks == sorted(ranks), f"parts ran in this order: {list(dict.fromkeys(ranks))}"


def test_stubs_print_one_line_per_function_to_write(on_stubs):
    _, cases, output = on_stubs
    lines = output.splitlines()
    assert len(lines) < 300, f"{len(lines)} lines on the stubs:\n" + "\n".join(lines[:40])
    todo = [line for line in lines if ": implement " in line]
    assert todo, output[-2000:]
    assert todo[0].startswith("padding: implement output_size"), todo[0]
    assert len(todo) == len(set(todo)), "a function to write is listed twice"
    ranks = [NAMES.index(line.split(":")[0]) for line in todo]
    assert ranks == sorted(ranks), todo
    assert "Traceback" not in output and "coursekit/" not in output, output[:3000]


def test_feedback_never_shows_object_reprs(on_stubs):
    _, cases, _ = on_stubs
    shown = [c.name for c in cases if " object at 0x" in c.message or "impl=" in c.message]
    assert not shown, f"fixture reprs in the failure messages of {shown}"


def test_first_stop_with_x_is_the_first_part(tmp_path):
    code, cases, _ = run_visible_suite("stages", tmp_path, "-x")
    assert code == 1 and len(cases) == 1, [c.name for c in cases]
    assert cases[0].part == NAMES[0] and "output_size" in cases[0].message
