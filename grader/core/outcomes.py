"""The grader's vocabulary: how a test ended, how a submission's grading ended, which suite.

Each is a StrEnum, so it is written (JSON, CSV, XML, text) as its plain value and compares
equal to it: `Outcome.TIMEOUT == "timeout"`.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """How one test ended."""

    PASSED = "passed"
    FAILED = "failed"  # an assertion (or the learner's code) failed in the test's call
    ERROR = "error"  # setup or teardown failed, or the grading process died in it
    TIMEOUT = "timeout"  # ran past its time limit and was stopped
    SKIPPED = "skipped"  # not scored


FAILING = frozenset({Outcome.FAILED, Outcome.ERROR, Outcome.TIMEOUT})  # shown in feedback


class Status(StrEnum):
    """How the grading of one submission ended."""

    OK = "ok"  # graded to the end
    TIMEOUT = "timeout"  # a test ran past its limit, or the submission past its cap
    CRASHED = "crashed"  # the grading process died, the worker crashed, or no collection
    INVALID = "invalid"  # not staged (score 0 of every part), or a module is not Python


class Suite(StrEnum):
    """Where a test comes from."""

    VISIBLE = "visible"  # stages/: the learner has it
    HIDDEN = "hidden"  # grader/hidden/
    OTHER = "other"
