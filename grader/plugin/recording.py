"""How a test ended (a TestEnded), from pytest's reports of its phases (setup, call, teardown).

The feedback is the exception and its notes, never a traceback. A timeout or a crash is
recognised by the exception's type (anywhere in an exception group): GradingTimeout from
the fences, WorkerTimeout and WorkerCrashed or ProtocolError from the worker.
"""

from __future__ import annotations

import re

import pytest

from grader.core import limits
from grader.core.events import TestEnded
from grader.core.outcomes import Outcome
from grader.plugin.fences import GradingTimeout
from grader.worker.errors import ProtocolError, TimedOutEarlier, WorkerCrashed, WorkerTimeout

FEEDBACK_CHARS = 1500
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")  # pytest's reprs of objects: never in feedback
TIMEOUTS = (GradingTimeout, WorkerTimeout)
CRASHES = (WorkerCrashed, ProtocolError)


def started(nodeid: str) -> TestEnded:
    """The record of a test about to run: passed until a report says otherwise."""
    return TestEnded(nodeid, Outcome.PASSED, duration=0.0, feedback="")


def raised(ended: TestEnded, when: str, exc: BaseException, budget: float) -> None:
    """A phase (`when`) of the test raised `exc`; `budget` is the test's time limit."""
    found = leaves(exc)
    message = _message(exc)
    if any(isinstance(leaf, TIMEOUTS) for leaf in found):
        ended.outcome = Outcome.TIMEOUT
        if not any(isinstance(leaf, TimedOutEarlier) for leaf in found):
            message = limits.stopped(budget, message)
    else:
        if ended.outcome == Outcome.PASSED:
            ended.outcome = Outcome.FAILED if when == "call" else Outcome.ERROR
        ended.crashed = ended.crashed or any(isinstance(leaf, CRASHES) for leaf in found)
    if not ended.feedback:
        prefix = "" if when == "call" else f"error in test {when}: "
        ended.feedback = clip(prefix + message, FEEDBACK_CHARS)


def reported(ended: TestEnded, report: pytest.TestReport) -> None:
    """A phase's report: its time, a skip, and the test's recorded properties."""
    ended.duration += report.duration
    if report.skipped and ended.outcome == Outcome.PASSED:
        ended.outcome = Outcome.SKIPPED
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        ended.feedback = clip(str(reason), FEEDBACK_CHARS)
    ended.notes, ended.speed, ended.properties = [], None, {}
    for name, value in report.user_properties:
        if name == "note":
            ended.notes.append(str(value))
        elif name == "speed":
            ended.speed = value
        else:
            ended.properties[name] = value


def clip(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 20].rstrip() + "\n... (truncated)"


def leaves(exc: BaseException) -> list[BaseException]:
    """The exceptions of exc, a group's flattened."""
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for sub in exc.exceptions for leaf in leaves(sub)]
    return [exc]


def _message(exc: BaseException) -> str:
    """The crash message: exception and its notes, never a traceback."""
    found = leaves(exc)
    first = found[0]
    text = str(first)
    if not isinstance(first, AssertionError) or not text:
        text = f"{type(first).__name__}: {text}" if text else type(first).__name__
    notes = [str(n) for n in getattr(first, "__notes__", ())]
    if notes:
        text += "\n" + "\n".join(notes)
    if len(found) > 1:
        text = f"{len(found)} distinct failures; the first: {text}"
    return ADDRESS.sub("", text)
