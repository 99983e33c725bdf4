"""Every limit of a grading run, and how each is said: time, memory, budget.

Time, from the smallest to the largest:

    a call       the worker stops a call at min(--timeout, what is left of the test's budget)
    a test       --timeout, or its @pytest.mark.budget(seconds) (`test_budget`); enforced by
                 the plugin's fences (grader/plugin/fences.py) with the graces below
    a submission --submission-timeout (Gradescope: --budget): what finished still counts

Resources of the learner's worker: `Limits` (rlimits applied by its launcher).

Every message that says a limit was reached is made here, so it is worded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TEST_TIMEOUT = 60.0  # seconds per test
SUBMISSION_TIMEOUT = 900.0  # seconds per submission

# the fences of one test (grader/plugin/fences.py), in the order they fire
ALARM_GRACE = 2.0  # after the worker's own deadline: SIGALRM in the test (in process: none)
HARD_GRACE = 10.0  # after the alarm: the watchdog thread ends the process
LAST_RESORT = 5.0  # after that: faulthandler ends it (a thread that cannot get the GIL)
CLOSE_GRACE = 2.0  # for closing the implementation when the process is ended

# Gradescope's defaults (`grader gradescope`): its own timeout is 10 minutes by default
GRADESCOPE_TIMEOUT = 20.0
GRADESCOPE_BUDGET = 420.0
GRADESCOPE_MEMORY = 1024  # MiB


@dataclass(frozen=True)
class Limits:
    """Per-worker limits, applied in the worker before exec (see worker/child/launcher.py).

    address_space   RLIMIT_AS: numpy + the learner's arrays (MNIST training is ~200 MB)
    cpu_seconds     RLIMIT_CPU hard limit for the worker's whole life; each call also gets
                    a soft limit of its own (2 x its timeout + cpu_slack), a backstop for the
                    wall-clock timeout the grader enforces
    processes       RLIMIT_NPROC: processes and threads of the worker's own uid
    file_size       RLIMIT_FSIZE: the largest file the worker may write
    open_files      RLIMIT_NOFILE
    tmp_size        size of the worker's writable /tmp (a tmpfs, when the root is isolated)
    response_bytes  the largest response the grader reads; a bigger one is a ProtocolError
    start_timeout   seconds a fresh worker may take to report ready
    """

    address_space: int = 4 << 30
    cpu_seconds: int = 3600
    cpu_slack: float = 5.0
    processes: int = 64
    file_size: int = 64 << 20
    open_files: int = 64
    tmp_size: int = 64 << 20
    response_bytes: int = 1 << 30
    start_timeout: float = 30.0

    @classmethod
    def with_memory(cls, mebibytes: int | None) -> Limits:
        """The default limits, with the worker's memory set when given (MiB)."""
        return cls(address_space=mebibytes << 20) if mebibytes else cls()

    def rlimits(self) -> dict[str, list[int]]:
        """Launcher config: resource name -> [soft, hard]."""
        return {
            "cpu": [self.cpu_seconds, self.cpu_seconds],
            "as": [self.address_space, self.address_space],
            "nproc": [self.processes, self.processes],
            "fsize": [self.file_size, self.file_size],
            "nofile": [self.open_files, self.open_files],
            "core": [0, 0],
        }

    def cpu_budget(self, timeout: float) -> float:
        return 2 * timeout + self.cpu_slack


def test_budget(marker: Any, default: float) -> float:
    """A test's time limit: its @pytest.mark.budget(seconds), else the run's --timeout."""
    return float(marker.args[0]) if marker is not None and marker.args else default


# -- how a limit is said ----------------------------------------------------------------------


def past_limit(seconds: float) -> str:
    return f"the test ran past its time limit of {seconds:g} s"


def stopped(seconds: float, how: str) -> str:
    """A test stopped at its limit; `how` says what stopped it."""
    return f"ran past its time limit of {seconds:g} s and was stopped ({how})"


def did_not_stop(seconds: float) -> str:
    return (
        f"ran past its time limit of {seconds:g} s and did not stop: "
        "the grading process was ended and restarted after it"
    )


def cap(seconds: float | None) -> str:
    return f"the whole-submission time limit of {seconds:g} s"


def stopped_at_cap(seconds: float | None) -> str:
    return f"stopped: grading reached {cap(seconds)}"


def not_run_at_cap(seconds: float | None) -> str:
    return f"not run: grading reached {cap(seconds)}"


def capped_run(seconds: float | None) -> str:
    return f"grading stopped at {cap(seconds)}"


def tests_past_limit(count: int, names: str) -> str:
    return f"{count} test(s) ran past their time limit ({names})"


def call_timed_out(what: str, budget: str) -> str:
    return (
        f"{what} timed out after {budget} (the worker was killed; the next call starts a "
        "fresh one)"
    )


def call_timed_out_earlier(what: str, seconds: float) -> str:
    return (
        f"{what} timed out earlier (after {seconds:.3g} s): it is not called again, so that "
        "grading fits its time limit"
    )


def budget_ran_out(what: str, seconds: float) -> str:
    return f"{what}: the test's time budget ran out (timed out after {seconds:.3g} s)"


def call_budget(seconds: float, of_test: bool = False) -> str:
    """How a call's timeout is said: its own (--timeout), or the test's whole budget."""
    return f"{seconds:.3g} s" + (" (the test's time budget)" if of_test else "")
