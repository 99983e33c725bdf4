"""The mistake catalog graded once per part, for every test that needs it.

tests/e2e/test_mistakes.py (the tuning half, and an unmutated copy of the reference) and
tests/e2e/test_validation_mistakes.py (the validation and blind halves) both grade
mutants with `grader run FOLDER --batch --jobs 2 --part P`, in a subprocess, exactly as an
instructor runs it. Each part is graded in one batch for both: the mutants of every half
that the session's tests need (a module that uses the `catalog_batches` fixture, in
tests/conftest.py, says which in GRADED_HALVES), plus the reference copy with the tuning
half. One batch instead of two saves a grader start and a batch's tail (the last
submissions graded with one job idle) per part; running one of the two files alone grades
only its own halves, as before.

The folders are laid out as tests/mistakes/measure.py keeps its batches
(<root>/<part>/submissions, <root>/<part>/grades), so that measure.measure_grader(...,
workdir=root, reuse=True) reads these results instead of grading again. MNIST_DIR points
at an empty folder: the training tests fall back to scikit-learn's digits (seconds instead
of tens of seconds per submission), and they run all the same.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from commands import run_grader
from mistakes.catalog import HALVES, build_reference, build_submission, load_half

REFERENCE = "reference"
# a failure whose feedback opens with a bare exception ("KeyError: 'c1_w'") that the
# learner's code did not raise (the grader marks those "raised by the implementation")
_BARE = re.compile(r"^(\d+ distinct failures; the first: )?[A-Za-z_.]*(Error|Exception)\b")
# the largest part's batch (lenet_torch, over 60 submissions) on a loaded 2-core machine
BATCH_TIMEOUT = 1800


def crashed_tests(result: dict) -> list[str]:
    """The failed tests of a graded result whose feedback is the test's own crash: an
    exception raised by the test code on the learner's output (a KeyError on a wrong name,
    a reshape of a wrong shape), where it should have said what is wrong."""
    return [
        t["nodeid"] for t in result["tests"]
        if t["outcome"] != "passed" and _BARE.match((t["feedback"] or "").strip())
        and "raised by the implementation" not in t["feedback"]
    ]  # fmt: skip


class Batch:
    """The outputs of one `grader run --batch`: gradebook rows and result JSONs by name."""

    def __init__(self, part: str, out: Path, proc: subprocess.CompletedProcess[str]):
        self.part, self.out, self.proc = part, out, proc
        gradebook = out / "gradebook.csv"
        assert gradebook.is_file(), f"grader run --batch wrote no gradebook:\n{self.log()}"
        with gradebook.open(newline="") as f:
            self.rows = {row["submission"]: row for row in csv.DictReader(f)}

    def log(self) -> str:
        proc = self.proc
        return f"exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"

    def result(self, name: str) -> dict:
        path = self.out / "results" / f"{name}.json"
        assert name in self.rows and path.is_file(), f"{name} was not graded:\n{self.log()}"
        return json.loads(path.read_text())


def grade_batch(part: str, halves: Iterable[str], workdir: Path) -> Batch:
    """One `grader run --batch --part PART` over the part's mutants of `halves` (with the
    reference copy when the tuning half is among them), in workdir/<part>/."""
    halves = set(halves)
    submissions = workdir / part / "submissions"
    submissions.mkdir(parents=True)
    for half in HALVES:
        if half in halves:
            for mistake in load_half(half):
                if mistake.part == part:
                    build_submission(mistake, submissions)
    if "tuning" in halves:
        build_reference(submissions, REFERENCE)
    empty = workdir / "no-mnist"
    empty.mkdir(exist_ok=True)
    out = workdir / part / "grades"
    proc = run_grader(
        "run", str(submissions), "--batch", "--jobs", "2", "--part", part,
        "--out", str(out), "--no-progress", "-q",
        env={"MNIST_DIR": str(empty)}, timeout=BATCH_TIMEOUT,
    )  # fmt: skip
    # 1: some submission below full marks (the mutants); 0 would mean none lost a point
    assert proc.returncode in (0, 1), f"grader run --batch failed:\n{proc.stderr[-3000:]}"
    return Batch(part, out, proc)


class CatalogBatches:
    """batches(part): that part's graded batch, run on first use (tests go part by part)."""

    def __init__(self, root: Path, halves: Iterable[str]):
        unknown = set(halves) - set(HALVES)
        assert not unknown, f"no such halves: {sorted(unknown)}; halves: {HALVES}"
        self.root, self.halves = root, frozenset(halves)
        self.done: dict[str, Batch] = {}

    def __call__(self, part: str) -> Batch:
        if part not in self.done:
            self.done[part] = grade_batch(part, self.halves, self.root)
        return self.done[part]
