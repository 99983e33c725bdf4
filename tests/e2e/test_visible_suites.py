"""The visible suite passes on solutions/ and fails, cleanly and part by part, on the stubs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from commands import run_visible_suite
from mistakes.catalog import build_submission, load_catalog
from trees import ROOT

from coursekit.course import NAMES, PACKAGE
from coursekit.failure_text import FAILURE_LINES, FUNCTION_LINES

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


def _mutant(name: str, dest: Path, avg_written: bool = True) -> Path:
    """The reference with one mistake of the catalog (tests/mistakes/<part>/<name>.py)
    and, unless avg_written, pooling's avgpool_forward still a stub."""
    root = build_submission(next(m for m in load_catalog() if m.name == name), dest)
    if not avg_written:
        with (root / PACKAGE / "pooling" / "pooling.py").open("a", encoding="utf-8") as f:
            f.write((Path(__file__).parent / "avgpool_unwritten.py").read_text())
    return root


@pytest.mark.slow
def test_x_stops_at_the_first_function_not_yet_right(tmp_path):
    """maxpool_backward is taught before avgpool_forward: its failure comes first, never
    hidden behind "implement avgpool_forward" (a test of it ran first before)."""
    root = _mutant("maxpool_ties_go_to_last", tmp_path, avg_written=False)
    code, cases, output = run_visible_suite(str(root), tmp_path, "-m", "pooling", "-x")
    failed = [c for c in cases if c.outcome == "failed"]
    assert code == 1 and len(failed) == 1, [c.name for c in cases]
    assert "maxpool_backward with ties" in failed[0].message, failed[0].message[:500]
    assert "---- maxpool_backward: 1 failed test ----" in output


@pytest.mark.slow
def test_a_wrong_function_prints_short_folded_failures(tmp_path):
    root = _mutant("maxpool_grad_spread_over_window", tmp_path)
    code, cases, output = run_visible_suite(str(root), tmp_path, "-m", "pooling")
    assert code == 1 and sum(c.outcome == "failed" for c in cases) > 30
    lines = output.splitlines()
    start = next(k for k, line in enumerate(lines) if "failures, by function" in line)
    end = next(k for k in range(start + 1, len(lines))
               if lines[k].startswith("====") or " failed, " in lines[k])  # fmt: skip
    section = lines[start + 1 : end]
    groups = [k for k, line in enumerate(section) if line.startswith("---- ")]
    assert section[groups[0]].startswith("---- maxpool_backward: "), section[:3]
    for a, b in zip(groups, [*groups[1:], len(section)], strict=True):
        assert b - a <= FUNCTION_LINES, section[a]
    heads = [k for k, line in enumerate(section) if line.startswith("test_")]
    for a, b in zip(heads, [*heads[1:], len(section)], strict=True):
        block = [line for line in section[a:b] if not line.startswith(("  also", "----"))]
        assert len(block) <= FAILURE_LINES, "\n".join(block)
    assert "Traceback" not in output and "short test summary" not in output
    assert len(lines) < 120, len(lines)  # 1,239 lines before the folding


@pytest.mark.slow
def test_vv_shows_pytests_whole_report(tmp_path):
    root = _mutant("maxpool_grad_spread_over_window", tmp_path)
    _, _, output = run_visible_suite(str(root), tmp_path, "-m", "pooling", "-k",
                                     "maxpool_backward_hand_case", "-vvv")  # -q -vvv: -vv
    assert "= FAILURES =" in output and "failures, by function" not in output
    assert "[[0.25 0.25 0.5  0.5 ]" in output  # the arrays, in full


@pytest.mark.slow
def test_a_c3_table_with_the_right_maps_in_another_order_is_named(tmp_path):
    """Both suites say it in one line (it cost 6 points with no reason given before)."""
    root = _mutant("c3_table_in_readme_order", tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "stages/s13_cnn/lenet_paper/test_lenet_paper.py",
         "grader/hidden/test_lenet_paper_hidden.py", "-k", "c3_table", "--impl", str(root),
         "-p", "no:cacheprovider", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    said = "C3_TABLE[4] is (4, 5, 0): the right maps in another order; write each tuple " \
        "sorted, (0, 4, 5), as the README prints Table I"
    assert proc.stdout.count(said) == 2 and "2 failed" in proc.stdout, proc.stdout[-3000:]
