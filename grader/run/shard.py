"""One group of parts (a shard) graded by pytest: started, read back, restarted after a death.

    python -m pytest <visible tests of the parts> <hidden tests of the parts>
        -p grader.plugin.hooks --rootdir ROOT -c ROOT/pyproject.toml -q --import-mode=importlib
        -p no:cacheprovider --grader-session FILE

The visible tests come from the instructor's stages/ tree, never from the submission.
What the plugin needs crosses as one Session file (grader/core/session.py); what happened
is read from the events file the plugin writes (grader/core/events.py). Both are in the
grading's private folder; printed output and exit codes are never trusted.

Each pytest runs in its own session and is killed as a group (grader/core/procs.py). When it
dies mid-run (the plugin's hard watchdog, a crash), the test it was running is recorded
(timeout or crash) and pytest is started again on the tests not yet run, up to
`max_restarts` times. At the whole-submission deadline the run is stopped; what finished
still counts.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.core import limits, procs
from grader.core.checkout import Checkout
from grader.core.events import (
    Collected,
    CollectError,
    Finished,
    ImplReady,
    MalformedEvent,
    TestEnded,
    TestInfo,
    TestStarted,
    read_events,
)
from grader.core.options import Options
from grader.core.outcomes import Outcome
from grader.core.session import Session
from grader.intake.stage import Staged

DROP_ENV = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "S13_IMPL", "PYTEST_CURRENT_TEST")
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
LOG_TAIL_CHARS = 1500


@dataclass
class Shard:
    """What the pytest runs of a group of parts left behind."""

    parts: tuple[str, ...]
    info: dict[str, TestInfo] = field(default_factory=dict)  # collected, in order
    deadlines: dict[str, float] = field(default_factory=dict)  # seconds, of tests started
    results: dict[str, TestEnded] = field(default_factory=dict)
    confinement: dict[str, Any] | None = None
    collect_errors: list[str] = field(default_factory=list)
    died: list[str] = field(default_factory=list)
    restarts: int = 0
    capped: bool = False
    finished: bool = False
    not_run: tuple[Outcome, str] = (Outcome.ERROR, "not run")  # for tests never run

    def outcome_of(self, nodeid: str) -> TestEnded:
        return self.results.get(nodeid) or _casualty(nodeid, *self.not_run)


@dataclass(frozen=True)
class Attempt:
    """The files of one pytest run, in the grading's private folder."""

    events: Path  # the results file the plugin writes
    watchdog: Path  # the plugin's hard watchdog reports here
    skip: Path  # node ids already recorded: not to run again
    log: Path  # its output, for a message when it dies before any test
    timed_out: Path  # the functions that timed out, shared by the shard's attempts
    session: Path  # what the plugin is told

    @classmethod
    def named(cls, private: Path, tag: str, attempt: int) -> Attempt:
        name = f"{tag}-{attempt}"
        files = (private / f"{name}.{ext}" for ext in ("jsonl", "watchdog", "skip", "log"))
        return cls(*files, private / f"{tag}.timed-out.json", private / f"{name}.session.json")

    def watchdog_fired(self) -> bool:
        return self.watchdog.exists() and self.watchdog.stat().st_size > 0


@dataclass(frozen=True)
class Ending:
    """How one pytest run ended."""

    returncode: int
    capped: bool  # stopped at the whole-submission deadline
    running: str | None  # the node id of the test it was in, if any
    progressed: bool  # it recorded at least one test
    malformed: str = ""  # what was wrong with its results file


def suite_files(course: Checkout, parts: Sequence[str]) -> list[Path]:
    visible = [f for part in parts for f in course.visible_tests(part)]
    hidden = [f for part in parts for f in course.hidden_tests(part)]
    return visible + hidden


def run_shard(
    staged: Staged,
    parts: tuple[str, ...],
    options: Options,
    course: Checkout,
    private: Path,
    tag: str,
    deadline_at: float | None,
) -> Shard:
    """Grade `parts` to the end, restarting pytest after each death, until `deadline_at`."""
    shard = Shard(parts)
    files = suite_files(course, parts)
    if not files:
        shard.collect_errors.append(f"no test files for {', '.join(parts)}")
        return shard
    for attempt in range(options.run.max_restarts + 1):
        if procs.cancelled():
            raise KeyboardInterrupt
        remaining = None if deadline_at is None else deadline_at - time.monotonic()
        if remaining is not None and remaining <= 0:
            shard.capped = True
            break
        run = Attempt.named(private, tag, attempt)
        command = _command(options, course, staged, files, run)
        ending = _run_pytest(shard, command, options, course, run, remaining)
        if not _carry_on(shard, ending, run, options):
            break
        if ending.running is not None:
            shard.restarts = attempt + 1
    if not shard.finished:
        shard.not_run = _why_not_run(shard, options)
    return shard


def _command(
    options: Options, course: Checkout, staged: Staged, files: list[Path], run: Attempt
) -> list[str]:
    session = Session(
        verdict=options.verdict,
        staged=str(staged.root),
        events=str(run.events),
        skip=str(run.skip),
        watchdog=str(run.watchdog),
        timed_out=str(run.timed_out) if options.verdict.fail_fast else None,
        hard_grace=options.run.hard_grace,
    )
    return [
        course.python, "-m", "pytest", *map(str, files),
        "-p", "grader.plugin.hooks",
        "--rootdir", str(course.root),
        "-c", str(course.pyproject),
        "-q", "--import-mode=importlib", "-p", "no:cacheprovider",
        "--continue-on-collection-errors",
        "--grader-session", str(session.write(run.session)),
    ]  # fmt: skip


def _run_pytest(
    shard: Shard,
    cmd: list[str],
    options: Options,
    course: Checkout,
    run: Attempt,
    timeout: float | None,
) -> Ending:
    """One pytest run on the tests not yet recorded; its events read into the shard."""
    run.events.touch(mode=0o600)
    run.skip.write_text("\n".join(shard.results) + "\n")
    before = len(shard.results)
    returncode, capped = procs.run_in_session(
        cmd, environment(options), course.root, run.log, timeout
    )
    try:
        running, malformed = _absorb(shard, run.events), ""
    except MalformedEvent as exc:
        running, malformed = None, str(exc)
    return Ending(returncode, capped, running, len(shard.results) > before, malformed)


def _absorb(shard: Shard, path: Path) -> str | None:
    """Read one run's events into the shard; the node id that was running when it ended."""
    running = None
    for event in read_events(path):
        match event:
            case Collected(items=items) if not shard.info:
                shard.info = {item.nodeid: item for item in items}
            case CollectError(nodeid=nodeid, message=message):
                shard.collect_errors.append(f"{nodeid}: {message}")
            case ImplReady(confinement=confinement) if shard.confinement is None:
                shard.confinement = confinement
            case TestStarted(nodeid=nodeid, deadline=deadline):
                running = nodeid
                shard.deadlines[nodeid] = deadline
            case TestEnded(nodeid=nodeid):
                shard.results[nodeid] = event
                running = None
            case Finished():
                shard.finished = True
    return running


def _carry_on(shard: Shard, ending: Ending, run: Attempt, options: Options) -> bool:
    """Record how a run ended; whether to start another on the tests left."""
    if ending.malformed:
        shard.died.append(f"the grading process wrote a malformed event: {ending.malformed}")
        return False
    if shard.info and shard.info.keys() <= shard.results.keys():
        shard.finished = True  # (even if it then died on its way out)
    if shard.finished:
        return False
    if ending.capped:
        shard.capped = True
        if ending.running:
            why = limits.stopped_at_cap(options.verdict.submission_timeout)
            shard.results[ending.running] = _casualty(ending.running, Outcome.TIMEOUT, why)
        return False
    if ending.running is None:
        return _died_between_tests(shard, ending, run)
    shard.results[ending.running] = _died_in_test(shard, ending.running, ending, run, options)
    return True


def _died_between_tests(shard: Shard, ending: Ending, run: Attempt) -> bool:
    how = procs.describe_exit(ending.returncode)
    if ending.progressed:
        shard.died.append(f"the grading process died between tests ({how})")
        return True
    shard.died.append(f"the grading process ended ({how}) before running a test{_tail(run.log)}")
    return False


def _died_in_test(
    shard: Shard, nodeid: str, ending: Ending, run: Attempt, options: Options
) -> TestEnded:
    if run.watchdog_fired():
        limit = shard.deadlines.get(nodeid) or options.verdict.timeout
        return _casualty(nodeid, Outcome.TIMEOUT, limits.did_not_stop(limit))
    how = procs.describe_exit(ending.returncode)
    shard.died.append(f"the grading process died in {nodeid} ({how})")
    why = f"the grading process died while running this test ({how})"
    return _casualty(nodeid, Outcome.ERROR, why, crashed=True)


def _why_not_run(shard: Shard, options: Options) -> tuple[Outcome, str]:
    if shard.capped:
        return Outcome.TIMEOUT, limits.not_run_at_cap(options.verdict.submission_timeout)
    return Outcome.ERROR, "not run: the grading process could not finish"


def _casualty(nodeid: str, outcome: Outcome, feedback: str, crashed: bool = False) -> TestEnded:
    return TestEnded(nodeid, outcome, duration=0.0, feedback=feedback, crashed=crashed)


def environment(options: Options) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROP_ENV}
    env["S13_HYPOTHESIS_PROFILE"] = "grading"
    env["S13_TORCH_DEVICE"] = options.verdict.device
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONHASHSEED"] = "0"
    if options.run.threads:
        for name in THREAD_ENV:
            env.setdefault(name, str(options.run.threads))
    return env


def _tail(log: Path) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return f"; its last output:\n{text[-LOG_TAIL_CHARS:]}" if text else ""
