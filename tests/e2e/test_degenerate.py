"""Degenerate output earns no points (issue 17, item 2): every submission of the catalog
in tests/degenerate/, graded through the CLI, passes no test that its bound fails.

The bound of NaN everywhere, zeros everywhere, outputs that are the inputs and object
arrays is the same submission returning finite random noise (noise_everywhere): what that
one passes needs no float at all (integer sizes, rejected arguments, shapes, dtypes,
updates in place). The bound of zero weights with a backward that does nothing is the same
model with its backward unwritten; of a predict that names one class or none, the same
model with predict unwritten. A test a submission passes honestly beyond its bound is
named, with the reason, in its file's ALSO_EARNS (none for NaN and the zero weights).

Batches, graded on first use as an instructor runs them (`grader run DIR --batch --jobs 2`,
MNIST_DIR pointing at an empty folder, so the training tests use the digits fallback):
the submissions that patch every module, on every part; then those of each part, on it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from commands import run_grader
from degenerate.bounds import beyond, report, score
from degenerate.catalog import DEGENERATE, Degenerate, build_submission
from trees import ROOT

from coursekit.course import NAMES

BATCH_TIMEOUT = 2400  # seconds; the every-part batch took about 10 minutes at load 15
BY_NAME = {d.name: d for d in DEGENERATE}
BOUNDED = [d for d in DEGENERATE if d.bound]

# the issue's catalog: each kind must be in it, under these names
ISSUE_KINDS = {
    "NaN everywhere": "nan_everywhere",
    "finite random noise (the bound)": "noise_everywhere",
    "zeros everywhere": "zeros_everywhere",
    "outputs that are the input": "outputs_are_inputs",
    "object arrays": "object_arrays",
    "zero weights with a do-nothing backward": "lenet_zero_weights_noop_backward",
    "the same model with its backward unwritten": "lenet_zero_weights_backward_unwritten",
    "constant class": "lenet_predicts_one_class",
    "empty predictions": "lenet_predicts_nothing",
}


def batch_of(d: Degenerate) -> str:
    """The batch that grades d: "every part", or its part."""
    return "every part" if d.parts == NAMES else d.parts[0]


def grade(key: str, workdir: Path) -> dict[str, dict]:
    submissions = workdir / "submissions"
    submissions.mkdir()
    for d in DEGENERATE:
        if batch_of(d) == key:
            build_submission(d, submissions)
    empty = workdir / "no-mnist"
    empty.mkdir()
    out = workdir / "grades"
    parts = [] if key == "every part" else ["--part", key]
    proc = run_grader(
        "run", str(submissions), "--batch", "--jobs", "2", *parts, "--out", str(out),
        "--no-progress", "-q", env={"MNIST_DIR": str(empty)}, timeout=BATCH_TIMEOUT,
    )  # fmt: skip
    assert proc.returncode in (0, 1), f"grader run --batch failed:\n{proc.stderr[-3000:]}"
    found = {p.stem: json.loads(p.read_text()) for p in (out / "results").glob("*.json")}
    expected = {d.name for d in DEGENERATE if batch_of(d) == key}
    assert set(found) == expected, f"graded {sorted(found)}, expected {sorted(expected)}"
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Callable[[str], dict]:
    """graded(name): the result JSON of that submission, its batch graded on first use."""
    done: dict[str, dict] = {}

    def get(name: str) -> dict:
        key = batch_of(BY_NAME[name])
        if name not in done:
            done.update(grade(key, tmp_path_factory.mktemp("degenerate")))
            batch = tuple(d for d in DEGENERATE if batch_of(d) == key)
            print(f"\n{report(done, batch)}")  # the figures, with -s or on failure
        return done[name]

    return get


def test_the_catalog_covers_the_issue():
    missing = {kind: name for kind, name in ISSUE_KINDS.items() if name not in BY_NAME}
    assert not missing, f"not in tests/degenerate/: {missing}"
    for kind in ("nan_everywhere", "lenet_zero_weights_noop_backward"):
        assert not BY_NAME[kind].also_earns, f"{kind} earns nothing beyond its bound"
    every = [d for d in DEGENERATE if d.parts == NAMES]
    assert {d.bound for d in every} == {None, "noise_everywhere"}
    assert [d.name for d in every if not d.bound] == ["noise_everywhere"]


@pytest.mark.parametrize("d", DEGENERATE, ids=[d.name for d in DEGENERATE])
def test_every_file_builds_a_submission(tmp_path, d: Degenerate):
    """Fast, without grading: each patched module compiles and differs from the reference,
    and only the learner modules are patched."""
    root = build_submission(d, tmp_path) / "s13_cnn"
    for patch in d.patches:
        text = (root / patch.module).read_text(encoding="utf-8")
        compile(text, patch.module, "exec")
        assert text != (ROOT / "solutions" / "s13_cnn" / patch.module).read_text(encoding="utf-8")
        assert d.description in text
    assert d.bound is None or d.bound != d.name


@pytest.mark.slow
@pytest.mark.parametrize("d", BOUNDED, ids=[d.name for d in BOUNDED])
def test_it_passes_no_test_its_bound_fails(graded, d: Degenerate):
    mine, bound = graded(d.name), graded(d.bound)
    for part in d.parts:
        extra = beyond(mine, bound, part, d.also_earns)
        assert not extra, (
            f"{d.name} ({d.description}) passes in {part} what {d.bound} fails: {extra}"
        )
        if not d.also_earns:  # then its score cannot exceed its bound's, part by part
            assert score(mine, part) <= score(bound, part), (d.name, part)
