"""The time limit of the running test in a grading pytest, enforced by four fences.

1. the implementation's own deadline (the worker stops the call: WorkerTimeout);
2. SIGALRM a little later, which raises GradingTimeout in the test;
3. a watchdog thread later still, which closes the implementation (the worker goes with
   it) and ends the process: the runner restarts pytest on the tests left;
4. faulthandler's C thread last, should the watchdog thread not get the GIL.

SIGTERM (the runner stopping the run) also closes the implementation before the end.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

from grader.core import limits
from grader.core.limits import ALARM_GRACE, CLOSE_GRACE, LAST_RESORT


class GradingTimeout(BaseException):
    """A test ran past its budget (BaseException: hypothesis must not shrink on it)."""


class Fences:
    """Arms the fences around each test; ends the process when they are all passed."""

    def __init__(
        self,
        *,
        worker: bool,  # the implementation enforces its own deadline (fence 1)
        hard_grace: float,
        report: TextIO,  # where the watchdog and faulthandler say what they ended
        set_deadline: Callable[[float | None], None],  # fence 1
        close: Callable[[], None],  # the implementation, before the process ends
    ):
        self.worker, self.hard_grace, self.report = worker, hard_grace, report
        self.set_deadline, self.close = set_deadline, close
        self.deadline: float | None = None  # seconds of the running test
        self._started = 0.0
        self._running: str | None = None
        self._hard_at: float | None = None
        self._watch = threading.Condition()
        self._old_signals: dict[int, Any] = {}
        if hasattr(signal, "SIGALRM"):
            self._old_signals[signal.SIGALRM] = signal.signal(signal.SIGALRM, self._on_alarm)
        # the runner sends SIGTERM before SIGKILL: end the worker with us
        self._old_signals[signal.SIGTERM] = signal.signal(signal.SIGTERM, self._on_term)
        threading.Thread(target=self._watch_loop, name="grader-watchdog", daemon=True).start()

    def arm(self, nodeid: str, seconds: float) -> None:
        self.deadline, self._started, self._running = seconds, time.monotonic(), nodeid
        self.set_deadline(seconds)
        if hasattr(signal, "setitimer"):
            # with the worker, its own deadline comes first and this is the backstop
            late = ALARM_GRACE + 0.1 * seconds if self.worker else 0.0
            signal.setitimer(signal.ITIMER_REAL, seconds + late)
        hard = seconds + ALARM_GRACE + self.hard_grace + 0.25 * seconds
        with self._watch:
            self._hard_at = time.monotonic() + hard
            self._watch.notify()
        faulthandler.dump_traceback_later(hard + LAST_RESORT, exit=True, file=self.report)

    def disarm(self) -> None:
        faulthandler.cancel_dump_traceback_later()
        with self._watch:
            self._hard_at = None
            self._watch.notify()
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            self.set_deadline(None)
        except Exception:
            pass
        self.deadline = None

    def remaining(self) -> float | None:
        """Seconds left to the running test (None between tests)."""
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - (time.monotonic() - self._started))

    def restore(self) -> None:
        """The signal handlers from before."""
        for signum, handler in self._old_signals.items():
            signal.signal(signum, handler)

    def _watch_loop(self) -> None:
        with self._watch:
            while self._hard_at is None or time.monotonic() < self._hard_at:
                left = None if self._hard_at is None else self._hard_at - time.monotonic()
                self._watch.wait(left)
        self.report.write(f"hard timeout: {self._running} did not stop; process ended\n")
        self.report.flush()
        self._end(1)

    def _on_alarm(self, signum: int, frame: Any) -> None:
        if self.deadline is not None:
            raise GradingTimeout(limits.past_limit(self.deadline))

    def _on_term(self, signum: int, frame: Any) -> None:
        self._end(128 + signum)

    def _end(self, status: int) -> None:
        """Close the implementation (the worker goes with it), boundedly, then leave at once."""
        closer = threading.Thread(target=_quietly, args=(self.close,), daemon=True)
        closer.start()
        closer.join(CLOSE_GRACE)
        os._exit(status)


def _quietly(function: Callable[[], Any]) -> None:
    try:
        function()
    except BaseException:
        pass
