"""The MNIST tests' time box: CPU seconds of the submission's own processes.

A wall-clock box moves with the machine's load (a reference graded beside a submission
that spins fifty processes lost its MNIST points), so the box is the CPU time of the
worker's processes, read from outside the worker (WorkerImpl.cpu_seconds); in process
(the learner's loop, --sandbox none) it is this process's CPU time. The test's budget
marker stays as the wall-clock guard against a hang (grader/core/limits.wall_guard).

    box = TimeBox(impl, seconds, "train + predict")
    with box:
        ...                      # calls into impl
    box.check()                  # AssertionError past the box
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from grader.core import limits


def cpu_clock(impl: Any) -> Callable[[], float]:
    """The CPU clock of the code behind `impl`."""
    reading = getattr(impl, "cpu_seconds", None)
    return reading if callable(reading) else time.process_time


class TimeBox:
    """CPU seconds used by `impl`'s code inside a `with` block, against `seconds`."""

    def __init__(self, impl: Any, seconds: float, what: str):
        self.clock, self.seconds, self.what = cpu_clock(impl), seconds, what
        self.used = 0.0

    def __enter__(self) -> TimeBox:
        self.start = self.clock()
        return self

    def __exit__(self, *exc: object) -> None:
        self.used = self.clock() - self.start

    def check(self) -> None:
        if self.used > self.seconds:
            raise AssertionError(limits.over_time_box(self.what, self.used, self.seconds))
