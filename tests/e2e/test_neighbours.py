"""A submission cannot cost another points: the reference, graded in one batch beside a
hostile neighbour (tests/adversarial/neighbours/fork_and_spin.py: every call into lenet.py
starts fifty spinning processes in sessions of their own), keeps full marks on lenet,
whose MNIST test is time-boxed in CPU seconds of the submission's own processes; and
nothing of the neighbour survives the run: no process of its worker's uid still running
(a zombie the host's init has not reaped yet has ended), no cgroup.

Slow: two whole gradings of part 5 (MNIST training included), side by side.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from commands import run_grader
from trees import ROOT

from grader.worker.uids import runs_as

PART = "lenet"
NEIGHBOUR = ROOT / "tests" / "adversarial" / "neighbours" / "fork_and_spin.py"
CAP = 600  # seconds for each submission: the neighbour is slow (its own spinners)


def uid_processes(uid: int) -> list[int]:
    """The processes of uid that still run: a zombie has ended (it runs nothing and holds
    nothing but its exit status) and is the host init's to reap, as in test_adversarial."""
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and runs_as(int(p), uid, False)]


@pytest.mark.slow
def test_the_reference_keeps_full_marks_beside_a_fork_and_spin_neighbour(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("the neighbour's processes are found by its worker's own uid: needs root")
    folder = tmp_path / "class"
    shutil.copytree(ROOT / "solutions" / "s13_cnn", folder / "reference" / "s13_cnn",
                    ignore=shutil.ignore_patterns("__pycache__"))
    hostile = folder / "neighbour" / "s13_cnn"
    shutil.copytree(ROOT / "solutions" / "s13_cnn", hostile,
                    ignore=shutil.ignore_patterns("__pycache__"))
    module = hostile / PART / "lenet.py"
    module.write_text(module.read_text() + "\n\n" + NEIGHBOUR.read_text())
    out = tmp_path / "out"
    done = run_grader("run", str(folder), "--batch", "--jobs", "2", "--part", PART, "--out",
                      str(out), "--submission-timeout", str(CAP), "--no-progress",
                      timeout=2 * CAP + 300)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    results = {p.stem: json.loads(p.read_text()) for p in (out / "results").glob("*.json")}
    reference, neighbour = results["reference"], results["neighbour"]
    print(f"reference {reference['score']}/{reference['max_score']} in "
          f"{reference['execution_time']:.0f} s; neighbour {neighbour['score']}/"
          f"{neighbour['max_score']} in {neighbour['execution_time']:.0f} s, "
          f"{neighbour['status']}: {neighbour['why'][:200]}")
    print("\n".join(n for n in reference["notes"] + neighbour["notes"] if "mnist" in n))

    assert reference["status"] == "ok", reference["why"]
    assert reference["score"] == reference["max_score"] > 0, [
        (t["name"], t["feedback"][:300]) for t in reference["tests"] if t["status"] != "passed"]
    # the neighbour ran (and spun) for the whole of the reference's grading
    assert neighbour["execution_time"] >= reference["execution_time"]
    worker = neighbour["sandbox"]["confinement"]
    assert "at most 8 processes" in worker["memory"] or "pids.max 8" in worker["memory"]
    assert worker["user"]["switched"], worker["user"]
    assert uid_processes(worker["user"]["uid"]) == []
    if worker.get("cgroup"):
        assert not Path(worker["cgroup"]).exists()
