"""What can go wrong across the boundary, and how a learner's exception is rebuilt here."""

from __future__ import annotations

from coursekit.seam import ImplementationError


class WorkerError(Exception):
    """The worker process failed as a process (not the learner's code raising)."""


class WorkerTimeout(WorkerError):
    """A call ran past its wall-clock limit; the worker was killed."""


class TimedOutEarlier(WorkerTimeout):
    """A call of a function that already timed out once: failed at once (fail fast)."""


class WorkerCrashed(WorkerError):
    """The worker died (or is gone: a stale handle); the next call starts a fresh one."""


class WorkerSetupError(WorkerCrashed):
    """A fresh worker could not start, before any learner code ran: the grader's setup is
    at fault (e.g. a Python the worker's uid cannot execute), never the submission."""


class NotConfined(WorkerSetupError):
    """A fresh worker's own probes got out of its confinement: grading must not go on."""


class ProtocolError(WorkerError):
    """The worker answered something that is not a well-formed response."""


# Builtins that arrive as themselves; any other exception arrives as its nearest builtin
# base in this list (numpy's AxisError -> ValueError, as `except ValueError` would catch it
# in-process), else as ImplementationError. StopIteration cannot be raised out of a call
# in-process either (PEP 479), so it arrives as RuntimeError.
ALLOWED = {
    cls.__name__: cls
    for cls in (
        ValueError, TypeError, NotImplementedError, IndexError, KeyError, AttributeError,
        ZeroDivisionError, AssertionError, RuntimeError, ArithmeticError, FloatingPointError,
        OverflowError, MemoryError, RecursionError, ImportError, ModuleNotFoundError,
        NameError, SyntaxError, UnboundLocalError,
    )
} | {"StopIteration": RuntimeError}


def rebuild_exception(info: dict, what: str) -> Exception:
    """The worker's description of a learner exception -> an exception raised here.

    `info` has been type-checked by the caller: type (str), bases (list of str), msg, tb.
    The message keeps the learner's message first (so `pytest.raises(match=...)` works),
    then names the original type and the call, then the learner's own traceback lines.
    """
    name = info["type"]
    cls = ALLOWED.get(name)
    if cls is None:
        cls = next((ALLOWED[b] for b in info["bases"] if b in ALLOWED), ImplementationError)
    msg, tb = _clip(info["msg"], MAX_MESSAGE), _clip(info["tb"].rstrip(), MAX_TRACEBACK)
    text = f"{msg}\n\n[{_clip(name, 200)} raised by the implementation in {what}"
    text += "]" if not tb else ", at:]\n" + tb
    return cls(text)


MAX_MESSAGE, MAX_TRACEBACK = 4000, 4000  # what the worker says is clipped before it is kept


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f" ... [{len(text) - limit} more characters]"
