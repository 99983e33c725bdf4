"""A Result as it may be shown: every string that learner code could have written, cleaned
(grader/core/untrusted.py: no escape sequences or control characters, length capped).

Every rendering (text.py, gradescope_json.py, junit.py, gradebook.py) starts from
`shown(result)`: the submission's name and target (file names the learner chose), the
status's reasons, the notes, and each test's feedback and notes (exception messages and
printed output). Single-line places (a table row) clean again with one_line=True.
"""

from __future__ import annotations

from dataclasses import replace

from grader.core.result import Result, TestResult
from grader.core.untrusted import clean

NAME_CHARS = 120
NOTE_CHARS = 1000
FEEDBACK_CHARS = 4000  # the recording clips at 1500; what is shown is never longer


def shown(result: Result) -> Result:
    """A copy of `result` with its learner-writable text cleaned (idempotent)."""
    return replace(
        result,
        name=clean(result.name, NAME_CHARS, one_line=True),
        target=clean(result.target, NOTE_CHARS, one_line=True),
        why=clean(result.why, FEEDBACK_CHARS),
        notes=[clean(n, NOTE_CHARS) for n in result.notes],
        tests=[_test(t) for t in result.tests],
    )


def _test(test: TestResult) -> TestResult:
    return replace(
        test,
        feedback=clean(test.feedback, FEEDBACK_CHARS),
        notes=[clean(n, NOTE_CHARS) for n in test.notes],
    )


def row(text: str, limit: int = 200) -> str:
    """Text for one line of a table: line breaks and tabs become spaces."""
    return clean(text, limit, one_line=True)
