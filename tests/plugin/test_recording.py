"""grader/plugin/recording.py: how a test ended is read from the exception's type, and its
feedback is the message, never a traceback or an object's address."""

from __future__ import annotations

import pytest

from grader.core.outcomes import Outcome
from grader.plugin import recording
from grader.plugin.fences import GradingTimeout
from grader.worker.errors import ProtocolError, TimedOutEarlier, WorkerCrashed, WorkerTimeout


def ended_by(exc: BaseException, when: str = "call", budget: float = 5.0):
    ended = recording.started("t.py::test_x")
    recording.raised(ended, when, exc, budget)
    return ended


@pytest.mark.parametrize("exc", [GradingTimeout("late"), WorkerTimeout("padding.f timed out")])
def test_a_timeout_is_told_by_its_type_and_says_the_limit(exc):
    ended = ended_by(exc, budget=5.0)
    assert ended.outcome == Outcome.TIMEOUT and not ended.crashed
    assert ended.feedback.startswith("ran past its time limit of 5 s and was stopped")


def test_a_function_that_timed_out_earlier_says_so_and_nothing_more():
    ended = ended_by(TimedOutEarlier("padding.f timed out earlier (after 2 s)"))
    assert ended.outcome == Outcome.TIMEOUT
    assert ended.feedback.startswith("TimedOutEarlier: padding.f timed out earlier")


@pytest.mark.parametrize("exc", [WorkerCrashed("died"), ProtocolError("garbage")])
def test_a_crash_fails_the_test_and_is_marked(exc):
    ended = ended_by(exc)
    assert ended.outcome == Outcome.FAILED and ended.crashed


def test_a_name_alone_decides_nothing():
    class WorkerTimeout(Exception):  # a learner's exception that borrows the name
        pass

    ended = ended_by(WorkerTimeout("fake"))
    assert ended.outcome == Outcome.FAILED and not ended.crashed


def test_setup_errors_and_groups_are_said_as_such():
    ended = ended_by(ValueError("bad fixture"), when="setup")
    assert ended.outcome == Outcome.ERROR
    assert ended.feedback == "error in test setup: ValueError: bad fixture"
    group = ExceptionGroup("two", [AssertionError("first"), ValueError("second")])
    assert ended_by(group).feedback == "2 distinct failures; the first: first"


def test_feedback_holds_no_object_address():
    exc = AssertionError("gradient is all zeros\nassert False\n + where False = "
                         "<function any at 0x7f3a2b1c4d50>(array([0.]))")
    feedback = ended_by(exc).feedback
    assert "0x7f3a" not in feedback and "<function any>(array([0.]))" in feedback
