"""`grader similar`: a copy with renamed variables and reordered helpers is flagged; work
written independently (the reference, a loop-based version, two versions with mistakes)
is not, and the stub code all of them share never counts."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from trees import ROOT

from grader.cli.main import main

FIXTURES = ROOT / "tests" / "similarity"
CLASS = {
    "reference": ROOT / "solutions" / "s13_cnn" / "padding" / "padding.py",
    "copied": FIXTURES / "copied_padding.py",
    "loops": FIXTURES / "loops_padding.py",
    "np_pad_mistake": FIXTURES / "np_pad_mistake.py",
    "slices_mistake": FIXTURES / "slices_mistake.py",
}


def make_class(folder: Path) -> None:
    """Each learner: their padding.py, the other four modules left as the stubs."""
    for name, padding in CLASS.items():
        package = folder / name / "s13_cnn"
        shutil.copytree(ROOT / "stages" / "s13_cnn", package,
                        ignore=shutil.ignore_patterns("__pycache__", "test_*", "*.md"))  # fmt: skip
        shutil.copy(padding, package / "padding" / "padding.py")


def test_the_copy_is_flagged_and_independent_work_is_not(tmp_path, capsys):
    make_class(tmp_path / "submissions")
    out = tmp_path / "similarity"
    assert main(["similar", str(tmp_path / "submissions"), "--out", str(out)]) == 0
    rows = list(csv.DictReader(open(out / "similarity.csv")))
    assert len(rows) == 10  # every pair of five
    flagged = {frozenset((r["a"], r["b"])) for r in rows if r["flagged"] == "yes"}
    assert flagged == {frozenset(("copied", "reference"))}, rows
    scores = {frozenset((r["a"], r["b"])): float(r["score"]) for r in rows}
    assert scores[frozenset(("copied", "reference"))] > 0.8
    independent = [s for pair, s in scores.items() if "copied" not in pair]
    assert max(independent) < 0.4, scores
    report = (out / "similarity.html").read_text()
    assert "copied" in report and "highlight" in report  # side by side, shared code marked
    assert "advisory" in capsys.readouterr().out
