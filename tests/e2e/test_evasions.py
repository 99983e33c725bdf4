"""Part 6's rules hold however a name is hidden: the reference, and the reference with one
function replaced by an evasive copy (tests/hidden/evasions/: the issue's six styles and
more), graded in one batch; each evasion loses the static rules' points at least (decided
in the grading process), its feedback names the line and why, and the reference keeps
full marks. The runtime guard's message shows up where the evasive function ran.

Slow: every submission's part 6 is graded for real. MNIST_DIR points at an empty folder,
as in the mistake catalog's batches: the training test falls back to scikit-learn's
digits (tens of seconds less per submission) and runs all the same; part 6 on MNIST
itself is graded by tests/e2e/test_graded_suites.py.
"""

from __future__ import annotations

import json
import shutil

import pytest
from commands import run_grader
from trees import ROOT

PART = "lenet_torch"
EVASIONS = sorted((ROOT / "tests" / "hidden" / "evasions").glob("[!_]*.py"))
RULES_TEST = "test_static_rules"


@pytest.mark.slow
def test_every_evasion_loses_the_rules_points_and_the_reference_keeps_full_marks(tmp_path):
    folder = tmp_path / "class"
    for name, appended in [("reference", ""), *((p.stem, p.read_text()) for p in EVASIONS)]:
        package = folder / name / "s13_cnn"
        shutil.copytree(
            ROOT / "solutions" / "s13_cnn", package, ignore=shutil.ignore_patterns("__pycache__")
        )
        module = package / PART / f"{PART}.py"
        module.write_text(module.read_text() + ("\n\n" + appended if appended else ""))
    out, empty = tmp_path / "out", tmp_path / "no-mnist"
    empty.mkdir()
    done = run_grader(
        "run",
        str(folder),
        "--batch",
        "--jobs",
        "2",
        "--part",
        PART,
        "--out",
        str(out),
        "--no-progress",
        env={"MNIST_DIR": str(empty)},
        timeout=3600,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    results = {p.stem: json.loads(p.read_text()) for p in (out / "results").glob("*.json")}
    reference = results.pop("reference")
    assert reference["score"] == reference["max_score"] > 0, reference["why"]
    assert sorted(results) == sorted(p.stem for p in EVASIONS)
    for name, result in sorted(results.items()):
        rules = next(t for t in result["tests"] if t["function"] == RULES_TEST)
        print(
            f"{name}: {result['score']}/{result['max_score']}; "
            f"{rules['feedback'].splitlines()[1][:120]}"
        )
        assert rules["status"] == "failed", (name, rules["feedback"])
        assert result["score"] <= reference["score"] - rules["max_points"], name
        assert (
            "line " in rules["feedback"]
            and "not allowed" in rules["feedback"]
            or ("write the loss by hand" in rules["feedback"])
        ), (name, rules["feedback"])
