"""Every limit of a grading run, and how each is said: time, memory, budget.

Time, from the smallest to the largest:

    a call       the worker stops a call at what is left of the test's limit, and at
                 --timeout too unless the test has a longer budget of its own
    a test       --timeout, or its @pytest.mark.budget(seconds) (`test_budget`); enforced by
                 the plugin's fences (grader/plugin/fences.py) with the graces below
    a submission --submission-timeout (Gradescope: --budget): what finished still counts

Resources of the learner's worker: `Limits` (a cgroup, else rlimits, applied by its
launcher), and which of them is in force (`memory_in_force`). The MNIST time boxes are CPU
time of the submission's own processes (`wall_guard`, `over_time_box`).

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

# Gradescope's defaults (`grader gradescope`): its own timeout is 10 minutes by default.
# A test's wall clock only guards against a hang (the time boxes are CPU time): a fresh
# worker that imports torch on a busy machine needs more than 20 s (measured: the reference
# lost part 6's sgd and MNIST tests to a 20 s timeout at load average 25), so the same 60 s
# as `grader run`; the budget still caps the whole submission.
GRADESCOPE_TIMEOUT = TEST_TIMEOUT
GRADESCOPE_BUDGET = 420.0
GRADESCOPE_MEMORY = 2048  # MiB: part 6 imports torch and trains in the worker (~1.2 GiB)

MIB = 1 << 20
WORKER_MEMORY = 2048  # MiB, the default of `grader run`


@dataclass(frozen=True)
class Limits:
    """Per-worker limits, applied in the worker before exec (see worker/child/launcher.py).

    memory          bytes the learner's code may use. With a cgroup of its own
                    (worker/cgroup.py) it is the cgroup's memory.max, all its processes
                    together; without one, RLIMIT_DATA of each process (heap and private
                    writable mappings: numpy arrays, torch tensors). Neither counts the
                    address space that torch's CUDA libraries reserve and never touch,
                    which RLIMIT_AS did (`import torch` maps 3.1 GiB of address space and
                    uses 0.7 GiB of data; part 6's MNIST training peaks at 1.2 GiB of data)
    processes       processes and threads: RLIMIT_NPROC of the worker's own uid, and the
                    cgroup's pids.max; grading needs 1 (torch and BLAS run one thread), so
                    without a cgroup processes x memory bounds the whole submission
    cpu_seconds     RLIMIT_CPU hard limit for the worker's whole life; each call also gets
                    a soft limit of its own (2 x its timeout + cpu_slack), a backstop for the
                    wall-clock timeout the grader enforces
    file_size       RLIMIT_FSIZE: the largest file the worker may write
    open_files      RLIMIT_NOFILE
    tmp_size        size of the worker's writable /tmp (a tmpfs, when the root is isolated)
    response_bytes  the largest response the grader reads; a bigger one is a ProtocolError
    start_timeout   seconds a fresh worker may take to report ready
    """

    memory: int = WORKER_MEMORY * MIB
    processes: int = 8
    cpu_seconds: int = 3600
    cpu_slack: float = 5.0
    file_size: int = 64 << 20
    open_files: int = 64
    tmp_size: int = 64 << 20
    response_bytes: int = 1 << 30
    start_timeout: float = 30.0

    @classmethod
    def with_memory(cls, mebibytes: int | None) -> Limits:
        """The default limits, with the worker's memory set when given (MiB)."""
        return cls(memory=mebibytes * MIB) if mebibytes else cls()

    def rlimits(self) -> dict[str, list[int]]:
        """Launcher config: resource name -> [soft, hard]."""
        return {
            "cpu": [self.cpu_seconds, self.cpu_seconds],
            "data": [self.memory, self.memory],
            "nproc": [self.processes, self.processes],
            "fsize": [self.file_size, self.file_size],
            "nofile": [self.open_files, self.open_files],
            "core": [0, 0],
        }

    def cpu_budget(self, timeout: float) -> float:
        return 2 * timeout + self.cpu_slack


def memory_in_force(cgroup: str | None, limits: Limits, why_not: str | None) -> str:
    """Which bound holds the submission's memory, in the words of the run's output."""
    if cgroup:
        return (f"cgroup memory.max {limits.memory // MIB} MiB for all its processes, "
                f"pids.max {limits.processes}")
    return (f"RLIMIT_DATA {limits.memory // MIB} MiB per process, at most "
            f"{limits.processes} processes (no cgroup: {why_not or 'not tried'})")


# -- the MNIST time boxes ---------------------------------------------------------------------
#
# A time box is CPU seconds of the submission's own processes (WorkerImpl.cpu_seconds: its
# cgroup's cpu.stat, else its process tree in /proc), so it does not depend on what else
# runs on the machine. The test's wall-clock limit (its budget marker) is only the guard
# against a hang, WALL_GUARD times the box: a reference that shares two cores with eight
# spinning processes of another submission gets about a fifth of a core, and the
# whole-submission cap (--submission-timeout, Gradescope's --budget) still bounds the run.
WALL_GUARD = 3.0


def wall_guard(cpu_box: float) -> float:
    """The budget marker of a test time-boxed at `cpu_box` CPU seconds."""
    return WALL_GUARD * cpu_box


def over_time_box(what: str, cpu: float, box: float) -> str:
    return (f"{what} used {cpu:.1f} s of CPU time, more than the {box:g} s this test allows "
            "(CPU time of your code's own processes: what else runs on the machine does not "
            "count)")


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
