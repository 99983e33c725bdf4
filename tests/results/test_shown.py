"""grader/results/shown.py: whatever learner code wrote reaches no rendering with its escape
sequences, control characters or excess length: the terminal table, the feedback text,
the batch table, results.json, JUnit and the gradebook."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from grader.core.result import Result, TestResult
from grader.results.gradebook import gradebook_csv
from grader.results.gradescope_json import gradescope
from grader.results.junit import junit
from grader.results.text import batch_table, failure_lines, feedback_text, summary_table

FORGED_ROW = "\x1b[2K\r\x1b[1Atotal        436      436"  # erase the line, go up, write
MESSAGE = f"boom{FORGED_ROW}\x1b]0;owned\x07\u202e" + "y" * 50_000


def hostile_result() -> Result:
    test = TestResult(
        nodeid="stages/s13_cnn/padding/test_padding.py::test_a", file="t.py",
        function="test_a", part="padding", suite="visible", max_points=1.0, doc="checks a",
        reproduce="", outcome="failed", feedback=MESSAGE, notes=[MESSAGE],
    )  # fmt: skip
    return Result(name="=cmd|' /c calc'!A0\x1b[31m", target="x.zip\x1b[2J", parts=("padding",),
                  tests=[test], status="crashed", why=f"the worker crashed: {MESSAGE}",
                  notes=[MESSAGE])  # fmt: skip


def renderings(result: Result) -> dict[str, str]:
    return {
        "summary": summary_table(result),
        "failures": failure_lines(result),
        "feedback": feedback_text(result),
        "batch": batch_table([result], Path("out"), "gradebook.csv"),
        "results.json": json.dumps(gradescope(result), ensure_ascii=False),
        "junit": ET.tostring(junit([result]).getroot(), encoding="unicode"),
        "gradebook": gradebook_csv([result], ("padding",)),
    }


def test_no_rendering_shows_control_characters_or_unbounded_text():
    for name, text in renderings(hostile_result()).items():
        bad = sorted({hex(ord(c)) for c in text if (ord(c) < 32 and c not in "\n\t")
                      or 0x7f <= ord(c) <= 0x9f or c == "\u202e"})
        assert not bad, f"{name}: {bad}"
        assert len(text) < 40_000, f"{name}: {len(text)} characters"
        assert "boom" in text or name == "gradebook", name


def test_a_message_cannot_forge_a_row_of_the_terminal_summary():
    summary = summary_table(hostile_result())
    rows = [line for line in summary.splitlines() if line.startswith("total")]
    assert len(rows) == 1, summary  # the real one only
    assert all("total        436" not in line or line.startswith(("status", "note"))
               for line in summary.splitlines())


def test_the_batch_table_says_which_memory_bound_was_in_force():
    result = hostile_result()
    result.sandbox = "worker"
    result.confinement = {"memory": "RLIMIT_DATA 2048 MiB per process, at most 8 processes "
                                    "(no cgroup: the grader is in no cgroup v2)"}
    table = batch_table([result, result], Path("out"), "gradebook.csv")
    assert table.count("worker memory: RLIMIT_DATA 2048 MiB per process") == 1


def test_the_gradebook_never_starts_a_cell_with_a_formula():
    rows = list(csv.reader(io.StringIO(gradebook_csv([hostile_result()], ("padding",)))))
    assert rows[1][0].startswith("'=") and "\x1b" not in rows[1][0]
