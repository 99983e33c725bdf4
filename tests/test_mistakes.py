"""The grader catches common learner mistakes: every mutant in tests/mistakes/catalog.py,
graded through the CLI, loses points in the part it breaks.

One batch per part (five in all, in a module-scoped fixture): the part's mutants plus an
unmutated copy of the reference, graded by `grader run FOLDER --batch --jobs 2 --part P`
in a subprocess, exactly as an instructor runs it. Then, per mutant: its score in the part
is below the part's maximum, and at least one of the tests that failed is a fast one (not
the MNIST training run), so the mistake is pinned down by a test that teaches; and the
reference copy gets full marks, so the drop is the mistake's doing.

The lenet batch grades with MNIST_DIR pointing at an empty folder: the training test falls
back to scikit-learn's digits (seconds instead of tens of seconds per submission), and it
runs all the same.
"""

from __future__ import annotations

import csv
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from commands import run_grader
from mistakes.catalog import (
    KNOWN_MISSES,
    MISTAKES,
    PARTS,
    Mistake,
    build_reference,
    build_submission,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "reference"
# caught only by these = not caught
SLOW_TESTS = {"test_mnist_training_reaches_accuracy", "test_mnist_training_reaches_97_percent"}
BATCH_TIMEOUT = 900

# the issue's list: each must be in the catalog, under these names
ISSUE_MISTAKES = {
    "off-by-one output size": "output_size_missing_plus_one",
    "flipped kernel": "conv_flipped_kernel",
    "missing bias gradient": "conv_bias_grad_missing",
    "averaged bias gradient": "conv_bias_grad_averaged",
    "wrong im2col row order": "im2col_rows_w_before_h",
    "wrong im2col column order": "im2col_columns_c_kh_kw",
    "col2im overwriting instead of summing": "col2im_overwrites",
    "max-pool gradient spread over the window": "maxpool_grad_spread_over_window",
    "average-pool gradient not divided": "avgpool_grad_not_divided",
    "stride ignored": "im2col_ignores_stride",
    "writing into an argument": "softmax_shifts_logits_in_place",
    "unstable softmax": "softmax_unstable",
    "wrong He scale": "conv_he_fan_in_without_channels",
    # issue 10: parts 6 and 7
    "a wrong C3 table entry": "c3_table_wrong_entry",
    "tanh without 2/3": "tanh_without_two_thirds",
    "the RBF codes trained": "rbf_codes_trained",
    "argmax instead of argmin": "predict_argmax",
    "subsampling averaged instead of summed times a coefficient": "subsampling_averaged",
    "the kernel layout not transposed in from_numpy": "from_numpy_kernel_hw_swapped",
    "nn.Conv2d used": "nn_conv2d_used",
    "a grad not zeroed in sgd_step": "sgd_grad_not_zeroed",
}


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


def grade_batch(part: str, workdir: Path) -> Batch:
    submissions = workdir / "submissions"
    submissions.mkdir()
    for mistake in MISTAKES:
        if mistake.part == part:
            build_submission(mistake, submissions)
    build_reference(submissions, REFERENCE)
    empty = workdir / "no-mnist"
    empty.mkdir()
    out = workdir / "grades"
    proc = run_grader(
        "run", str(submissions), "--batch", "--jobs", "2", "--part", part,
        "--out", str(out), "--no-progress", "-q",
        env={"MNIST_DIR": str(empty)}, timeout=BATCH_TIMEOUT,
    )  # fmt: skip
    # 1: some submission below full marks (the mutants); 0 would mean none lost a point
    assert proc.returncode in (0, 1), f"grader run --batch failed:\n{proc.stderr[-3000:]}"
    return Batch(part, out, proc)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Callable[[str], Batch]:
    """batch(part): that part's graded batch, run on first use (tests go part by part)."""
    done: dict[str, Batch] = {}

    def get(part: str) -> Batch:
        if part not in done:
            done[part] = grade_batch(part, tmp_path_factory.mktemp(f"mistakes-{part}"))
        return done[part]

    return get


def test_the_catalog_covers_the_issue():
    names = {m.name for m in MISTAKES}
    assert len(MISTAKES) >= 30
    assert REFERENCE not in names
    for part in PARTS:
        assert sum(m.part == part for m in MISTAKES) >= 4, f"fewer than 4 mistakes in {part}"
    missing = {what: name for what, name in ISSUE_MISTAKES.items() if name not in names}
    assert not missing, f"issue mistakes not in the catalog: {missing}"
    assert set(KNOWN_MISSES) <= names
    for m in MISTAKES:
        assert (ROOT / "solutions" / "s13_cnn" / m.module).is_file(), m.name


def _params():
    for m in MISTAKES:
        marks = []
        if m.name in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[m.name]))
        yield pytest.param(m, id=m.name, marks=marks)


@pytest.mark.parametrize("mistake", list(_params()))
def test_mistake_loses_points_in_its_part(batch, mistake: Mistake):
    graded = batch(mistake.part)
    result = graded.result(mistake.name)
    part = result["parts"][mistake.part]
    failed = [
        t for t in result["tests"]
        if t["part"] == mistake.part and t["outcome"] != "passed" and not t["informational"]
    ]  # fmt: skip
    assert part["score"] < part["max_score"], (
        f"{mistake.name} ({mistake.description}) got full marks in {mistake.part}: "
        f"{part['score']}/{part['max_score']}, status {result['status']}"
    )
    assert float(graded.rows[mistake.name][mistake.part]) == pytest.approx(part["score"], abs=1e-3)
    assert result["status"] == "ok", f"{mistake.name}: {result['status']}: {result['why']}"
    fast = [t["nodeid"] for t in failed if t["function"] not in SLOW_TESTS]
    assert fast, f"{mistake.name} is caught only by {[t['nodeid'] for t in failed]}"
    # every failure explains itself
    assert all((t["feedback"] or "").strip() for t in failed), [t["nodeid"] for t in failed]


@pytest.mark.parametrize("part", PARTS)
def test_reference_copy_gets_full_marks(batch, part: str):
    result = batch(part).result(REFERENCE)
    scored = result["parts"][part]
    failed = [t["nodeid"] for t in result["tests"] if t["outcome"] != "passed"]
    assert result["status"] == "ok", f"{result['status']}: {result['why']}"
    assert scored["score"] == scored["max_score"] > 0, failed
