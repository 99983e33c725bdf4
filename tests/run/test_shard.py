"""grader/run/shard.py: what a grading pytest leaves behind is read only as typed events,
and a malformed one crashes the grading, saying why."""

from __future__ import annotations

import json
import sys

from grader.core import events as protocol
from grader.core.checkout import Checkout
from grader.core.events import encode
from grader.core.options import Options, Verdict
from grader.core.outcomes import Outcome, Status, Suite
from grader.intake.stage import stage
from grader.run.runner import grade

INFO = protocol.TestInfo(
    "stages/s13_cnn/padding/test_padding.py::test_a[1]", "stages/s13_cnn/padding/test_padding.py",
    "test_a", "padding", Suite.VISIBLE, 0.5, "checks a", "uv run pytest stages/s13_cnn/padding",
)  # fmt: skip


FORGER = """\
import json, shutil, sys
session = json.load(open(sys.argv[sys.argv.index("--grader-session") + 1]))
shutil.copyfile({lines!r}, session["events"])
"""


def test_a_run_whose_results_file_holds_a_malformed_event_is_crashed(tmp_path):
    """A "pytest" that records its test without the fields the protocol requires (as a
    forger would): the test is not passed, and the grading is crashed and says why."""
    forged = {"event": "test", "nodeid": INFO.nodeid, "outcome": "passed", "duration": 0.0}
    lines = tmp_path / "forged.jsonl"
    lines.write_text(encode(protocol.Collected((INFO,))) + "\n" + json.dumps(forged) + "\n")
    python = tmp_path / "python"
    python.write_text(f"#!{sys.executable}\n" + FORGER.format(lines=str(lines)))
    python.chmod(0o755)
    staged = stage("solutions")
    try:
        options = Options(Verdict(parts=("padding",), sandbox="none"))
        result = grade(staged, options, Checkout(python=str(python)))
    finally:
        staged.cleanup()
    assert [t.outcome for t in result.tests] == [Outcome.ERROR]
    assert result.status == Status.CRASHED and "malformed event" in result.why, result.why
