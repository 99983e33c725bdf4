"""The visible suite passes on solutions/ and fails, cleanly and part by part, on the stubs."""

from __future__ import annotations

import pytest
from commands import PARTS, run_visible_suite


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


@pytest.mark.parametrize("part", PARTS)
def test_every_visible_test_passes_on_solutions(on_solutions, part):
    code, cases, output = on_solutions
    bad = [
        f"{c.name}: {c.outcome}\n{c.message[:400]}"
        for c in _part(cases, part)
        if c.outcome != "passed"
    ]
    assert not bad, "\n".join(bad)
    assert code == 0, output[-2000:]


@pytest.mark.parametrize("part", PARTS)
def test_every_visible_test_fails_on_the_stubs(on_stubs, part):
    code, cases, output = on_stubs
    wrong = [f"{c.name}: {c.outcome}" for c in _part(cases, part) if c.outcome != "failed"]
    assert not wrong, "on the stubs these tests did not fail:\n" + "\n".join(wrong)
    assert code == 1, f"pytest exit code {code} (1 = tests failed; 2+ = collection or usage error)"


@pytest.mark.parametrize("part", PARTS)
def test_stub_failures_name_the_part_to_implement(on_stubs, part):
    _, cases, _ = on_stubs
    unclear = [
        c.name
        for c in _part(cases, part)
        if "NotImplementedError" not in c.message or "implement" not in c.message
    ]
    assert not unclear, f"these failures don't say what to implement: {unclear}"
