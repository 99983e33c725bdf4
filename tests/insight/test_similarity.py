"""`grader similar`: a copy with renamed variables and reordered helpers is flagged; work
written independently (the reference, a loop-based version, two versions with mistakes)
is not, and the stub code all of them share never counts."""

from __future__ import annotations

import csv
import os
import shutil
import struct
from pathlib import Path

from browser import CHROMIUM, look
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
    with open(folder / "copied" / "s13_cnn" / "padding" / "padding.py", "a") as fh:
        fh.write("\n# </pre><script>alert(1)</script>" + "x" * 300 + "\n")


def png_width(path: Path) -> int:
    return struct.unpack(">II", path.read_bytes()[16:24])[0]


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
    assert report.count('<div class="side">') == 1  # the flagged pair, side by side
    assert "<mark>" in report and "highlight" not in report  # our page, not copydetect's
    assert "<h3>copied</h3>" in report and "<h3>reference</h3>" in report  # class-relative
    assert str(tmp_path) not in report and "/tmp" not in report  # no temporary paths
    assert "&lt;script&gt;" in report and "<script>" not in report  # learner code escaped
    assert png_width(out / "similarity.png") <= 1200
    assert "advisory" in capsys.readouterr().out
    if Path(CHROMIUM).is_file() or os.environ.get("CI") == "true":  # as a browser shows it
        seen = look(out / "similarity.html")
        assert seen["scrollWidth"] <= seen["innerWidth"] and not seen["wide"], seen["wide"]
        assert all(i["ok"] for i in seen["images"]) and seen["scripts"] == 0
