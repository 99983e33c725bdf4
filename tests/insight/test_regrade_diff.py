"""`grader diff OLD NEW`: only the submissions whose score changes, by how much, on which
tests, and why, read from the digests each result records."""

from __future__ import annotations

import json
from pathlib import Path

from grader.cli.main import main
from grader.core.result import Result, TestResult, write_json
from grader.insight.regrade_diff import compare, render


def result(name: str, outcomes: dict[str, str], course="c1", code="s1", timeout=60.0):
    tests = [TestResult(nodeid=f"h.py::{t}", file="h.py", function=t, part="padding",
                        suite="hidden", max_points=2.0, outcome=o)
             for t, o in outcomes.items()]  # fmt: skip
    r = Result(name, "x", ("padding",), tests=tests, options={"timeout": timeout, "shards": 1},
               course_digest=course, submission_digest=code)  # fmt: skip
    return r


def write(grades: Path, *results: Result) -> Path:
    for r in results:
        write_json(r, grades / "results" / f"{r.name}.json")
    return grades


def test_only_changed_submissions_are_listed_with_why(tmp_path, capsys):
    old = write(tmp_path / "old",
        result("same", {"a": "passed", "b": "failed"}),
        result("fixed_test", {"a": "passed", "b": "failed"}),
        result("resubmitted", {"a": "failed", "b": "failed"}, code="s-old"),
        result("flaky", {"a": "passed", "b": "passed"}),
        result("slower_now", {"a": "passed", "b": "passed"}),
        result("gone", {"a": "passed"}),
    )  # fmt: skip
    new = write(tmp_path / "new",
        result("same", {"a": "passed", "b": "failed"}, course="c2"),  # course changed, same score
        result("fixed_test", {"a": "passed", "b": "passed"}, course="c2"),
        result("resubmitted", {"a": "passed", "b": "failed"}, code="s-new"),
        result("flaky", {"a": "passed", "b": "timeout"}),
        result("slower_now", {"a": "passed", "b": "timeout"}, timeout=5.0),
        result("arrived", {"a": "passed"}),
    )  # fmt: skip
    changes, same = compare(old, new)
    by_name = {c.submission: c for c in changes}
    assert same == 1 and "same" not in by_name
    assert by_name["fixed_test"].why == ["course changed"] and by_name["fixed_test"].delta == 2
    assert [(t.nodeid, t.old, t.new, t.points) for t in by_name["fixed_test"].tests] == [
        ("h.py::b", "failed", "passed", 2.0)]
    assert by_name["resubmitted"].why == ["submission changed"]
    assert by_name["flaky"].why[0].startswith("flaky") and by_name["flaky"].delta == -2
    assert by_name["slower_now"].why == ["options changed"]
    assert by_name["gone"].why == ["no longer in the batch"] and by_name["gone"].new_score is None
    assert by_name["arrived"].why == ["new submission"]

    assert main(["diff", str(old), str(new), "--csv", str(tmp_path / "diff.csv")]) == 1
    out = capsys.readouterr().out
    assert out.startswith("6 of 7 submissions change (1 unchanged).")
    assert "fixed_test" in out and "h.py::b: failed -> passed (+2)" in out
    assert "\nsame " not in out
    assert "fixed_test" in (tmp_path / "diff.csv").read_text()


def test_results_without_digests_give_an_unknown_reason(tmp_path):
    old = write(tmp_path / "old", result("ada", {"a": "failed"}))
    data = json.loads((old / "results" / "ada.json").read_text())
    del data["digests"]  # a result of schema /1
    (old / "results" / "ada.json").write_text(json.dumps(data))
    new = write(tmp_path / "new", result("ada", {"a": "passed"}))
    changes, _ = compare(old, new)
    assert changes[0].why[0].startswith("unknown")


def test_nothing_changed_exits_0(tmp_path, capsys):
    old = write(tmp_path / "old", result("ada", {"a": "passed"}))
    new = write(tmp_path / "new", result("ada", {"a": "passed"}, course="c2"))
    assert main(["diff", str(old), str(new)]) == 0
    assert "0 of 1 submissions change" in capsys.readouterr().out
    assert render(*compare(old, new)).endswith("changes nobody's score.\n")
