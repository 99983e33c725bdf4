"""Grade one staged submission: pytest in a trusted subprocess, results read from its file.

    python -m pytest <visible tests of the parts> <hidden tests of the parts>
        -p grader.plugin --rootdir ROOT -c ROOT/pyproject.toml -q --import-mode=importlib
        -p no:cacheprovider --grader-results FILE --grader-staged STAGED ...

The visible tests come from the instructor's stages/ tree, never from the submission.
The verdict is read from the results file the plugin writes (the parent owns its path,
in a private folder); printed output and exit codes are never trusted.

Robustness: each subprocess runs in its own session and is killed as a group. When it
dies mid-run (the plugin's hard watchdog, a crash), the test it was running is recorded
(timeout or crash) and pytest is started again on the tests not yet run, up to
`max_restarts` times. A whole-submission cap (`submission_timeout`) kills a runaway run;
what finished still counts. With `shards > 1` the parts are split over that many
concurrent pytest processes (each with its own worker); results are merged.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit.seam import PARTS

from .report import Result, TestResult
from .submission import COURSE, Course, Staged

# rough relative cost of each part's suites, to balance shards
PART_COST = {"padding": 1, "im2col": 2, "conv": 4, "pooling": 3, "lenet": 6}
DROP_ENV = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "S13_IMPL", "PYTEST_CURRENT_TEST")
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
LOG_TAIL_CHARS = 1500
TERM_GRACE = 3.0  # seconds between SIGTERM and SIGKILL when a run is stopped
_RUNNING: set[int] = set()  # process groups of the grading runs in flight (for Ctrl-C)
_CANCELLED = threading.Event()  # set by kill_all: start nothing more
_LIBC = ctypes.CDLL(None) if sys.platform == "linux" else None  # loaded before any fork


@dataclass
class Options:
    parts: tuple[str, ...] = PARTS
    timeout: float = 60.0  # per test (a test's budget marker overrides it)
    submission_timeout: float | None = 900.0  # whole submission; None: no cap
    device: str = "auto"
    sandbox: str = "worker"  # "worker" | "none"
    shards: int = 1  # concurrent pytest processes for one submission
    threads: int | None = None  # BLAS/OpenMP threads per process (None: leave as is)
    max_restarts: int = 10  # restarts of pytest after a hard kill or a crash
    hard_grace: float = 10.0  # after a test's alarm, before the watchdog ends the process
    keep: bool = False  # keep the private folder (events, logs) for debugging
    course: Course = COURSE
    python: str = sys.executable

    def describe(self) -> dict[str, Any]:
        return {
            "parts": list(self.parts),
            "timeout": self.timeout,
            "submission_timeout": self.submission_timeout,
            "device": self.device,
            "sandbox": self.sandbox,
            "shards": self.shards,
        }


@dataclass
class Shard:
    """What the pytest runs of a group of parts left behind."""

    parts: tuple[str, ...]
    info: dict[str, dict[str, Any]] = field(default_factory=dict)  # collected, in order
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    confinement: dict[str, Any] | None = None
    collect_errors: list[str] = field(default_factory=list)
    died: list[str] = field(default_factory=list)
    restarts: int = 0
    capped: bool = False
    finished: bool = False
    not_run: tuple[str, str] | None = None  # (outcome, feedback) of tests never run


def grade(staged: Staged, options: Options | None = None) -> Result:
    """Grade a staged submission; never raises for anything the submission does."""
    options = options or Options()
    started = time.monotonic()
    result = Result(
        name=staged.name,
        target=str(staged.source),
        parts=tuple(options.parts),
        sandbox=options.sandbox,
        options=options.describe(),
    )
    if staged.status != "ok" or staged.root is None:
        result.status, result.why = "invalid", staged.why
        result.notes = list(staged.notes)
        return result

    notes = list(staged.notes)
    for part in options.parts:
        if not options.course.visible_tests(part):
            notes.append(f"{part}: no visible tests found in stages/s13_cnn/{part}/")
        if not options.course.hidden_tests(part):
            notes.append(f"{part}: hidden suite not found (grader/hidden/): visible tests only")

    private = Path(tempfile.mkdtemp(prefix="grader-run-"))  # 0700: ours alone
    deadline_at = started + options.submission_timeout if options.submission_timeout else None
    groups = split_parts(options.parts, options.shards)
    try:
        if len(groups) == 1:
            shards = [_run_shard(staged, groups[0], options, private, "s0", deadline_at)]
        else:
            with ThreadPoolExecutor(max_workers=len(groups)) as pool:
                futures = [
                    pool.submit(_run_shard, staged, g, options, private, f"s{i}", deadline_at)
                    for i, g in enumerate(groups)
                ]
                try:
                    shards = [f.result() for f in futures]
                except BaseException:
                    kill_all()
                    raise
    finally:
        if options.keep:
            notes.append(f"grading files kept in {private}")
        else:
            shutil.rmtree(private, ignore_errors=True)

    result.tests = _merge(shards, options.parts)
    result.confinement = next((s.confinement for s in shards if s.confinement), {}) or {}
    for test in result.tests:
        for note in test.notes:
            if note not in notes:
                notes.append(note)
    result.notes = notes
    result.status, result.why = _status(shards, result.tests, options, staged)
    result.execution_time = time.monotonic() - started
    return result


def split_parts(parts: Sequence[str], shards: int) -> list[tuple[str, ...]]:
    """Parts into at most `shards` groups of similar cost, each in teaching order."""
    shards = max(1, min(shards, len(parts)))
    groups: list[list[str]] = [[] for _ in range(shards)]
    cost = [0] * shards
    for part in sorted(parts, key=lambda p: -PART_COST.get(p, 1)):
        i = cost.index(min(cost))
        groups[i].append(part)
        cost[i] += PART_COST.get(part, 1)
    order = {p: i for i, p in enumerate(PARTS)}
    return [tuple(sorted(g, key=lambda p: order.get(p, 99))) for g in groups if g]


# -- one group of parts -----------------------------------------------------------------------


def suite_files(course: Course, parts: Sequence[str]) -> list[Path]:
    visible = [f for part in parts for f in course.visible_tests(part)]
    hidden = [f for part in parts for f in course.hidden_tests(part)]
    return visible + hidden


def _run_shard(
    staged: Staged,
    parts: tuple[str, ...],
    options: Options,
    private: Path,
    tag: str,
    deadline_at: float | None,
) -> Shard:
    shard = Shard(parts)
    files = suite_files(options.course, parts)
    if not files:
        shard.collect_errors.append(f"no test files for {', '.join(parts)}")
        return shard
    env = _environment(options)
    running: str | None = None
    for attempt in range(options.max_restarts + 1):
        if _CANCELLED.is_set():
            raise KeyboardInterrupt
        events = private / f"{tag}-{attempt}.jsonl"
        watchdog = private / f"{tag}-{attempt}.watchdog"
        skip = private / f"{tag}-{attempt}.skip"
        log = private / f"{tag}-{attempt}.log"
        events.touch(mode=0o600)
        skip.write_text("\n".join(shard.results) + "\n")
        cmd = [
            options.python, "-m", "pytest", *map(str, files),
            "-p", "grader.plugin",
            "--rootdir", str(options.course.root),
            "-c", str(options.course.pyproject),
            "-q", "--import-mode=importlib", "-p", "no:cacheprovider",
            "--continue-on-collection-errors",
            "--grader-results", str(events),
            "--grader-staged", str(staged.root),
            "--grader-sandbox", options.sandbox,
            "--grader-timeout", f"{options.timeout:g}",
            "--grader-skip-file", str(skip),
            "--grader-watchdog", str(watchdog),
            "--grader-hard-grace", f"{options.hard_grace:g}",
        ]  # fmt: skip
        remaining = None if deadline_at is None else deadline_at - time.monotonic()
        if remaining is not None and remaining <= 0:
            shard.capped = True
            break
        before = len(shard.results)
        returncode, capped = _run(cmd, env, options.course.root, log, remaining)
        running = _absorb(shard, events)
        if shard.info and all(nodeid in shard.results for nodeid in shard.info):
            shard.finished = True  # (even if it then died on its way out)
        if shard.finished:
            break
        if capped:
            shard.capped = True
            if running:
                shard.results[running] = _casualty(
                    "timeout",
                    "stopped: grading reached the whole-submission time limit "
                    f"of {options.submission_timeout:g} s",
                )
            break
        if running is None:  # it died outside any test
            if len(shard.results) > before:
                shard.died.append(
                    f"the grading process died between tests ({_describe(returncode)})"
                )
                continue
            shard.died.append(
                f"the grading process ended ({_describe(returncode)}) before running a test"
                + _tail(log)
            )
            break
        if watchdog.exists() and watchdog.stat().st_size > 0:
            limit = shard.info.get(running, {}).get("deadline") or options.timeout
            shard.results[running] = _casualty(
                "timeout",
                f"ran past its time limit of {limit:g} s and did not stop: "
                "the grading process was ended and restarted after it",
            )
        else:
            shard.results[running] = _casualty(
                "error",
                f"the grading process died while running this test ({_describe(returncode)})",
                crashed=True,
            )
            shard.died.append(f"the grading process died in {running} ({_describe(returncode)})")
        shard.restarts = attempt + 1
    if not shard.finished:
        if shard.capped:
            shard.not_run = (
                "timeout",
                f"not run: grading reached the whole-submission time limit "
                f"of {options.submission_timeout:g} s",
            )
        else:
            shard.not_run = ("error", "not run: the grading process could not finish")
    return shard


def _casualty(outcome: str, feedback: str, crashed: bool = False) -> dict[str, Any]:
    return {"outcome": outcome, "duration": 0.0, "feedback": feedback, "crashed": crashed}


def _absorb(shard: Shard, path: Path) -> str | None:
    """Read one run's events into the shard; the node id that was running when it ended."""
    running = None
    for event in _read_events(path):
        kind = event.pop("event", None)
        if kind == "collected":
            if not shard.info:
                shard.info = {item["nodeid"]: item for item in event.get("items", [])}
        elif kind == "collect_error":
            shard.collect_errors.append(f"{event.get('nodeid')}: {event.get('message')}")
        elif kind == "impl":
            if shard.confinement is None:
                shard.confinement = event.get("confinement") or {}
        elif kind == "start":
            running = event.get("nodeid")
            if running in shard.info:
                shard.info[running]["deadline"] = event.get("deadline")
        elif kind == "test":
            shard.results[event.pop("nodeid")] = event
            running = None
        elif kind == "finish":
            shard.finished = True
    return running


def _read_events(path: Path) -> list[dict[str, Any]]:
    events = []
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return events
    for line in lines:
        try:
            event = json.loads(line)
        except ValueError:
            continue  # a line cut short by a killed process
        if isinstance(event, dict):
            events.append(event)
    return events


def _environment(options: Options) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROP_ENV}
    env["S13_HYPOTHESIS_PROFILE"] = "grading"
    env["S13_TORCH_DEVICE"] = options.device
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONHASHSEED"] = "0"
    if options.threads:
        for name in THREAD_ENV:
            env.setdefault(name, str(options.threads))
    return env


def _run(
    cmd: list[str], env: dict[str, str], cwd: Path, log: Path, timeout: float | None
) -> tuple[int, bool]:
    """Run to the end or until `timeout`; the process group is always killed after."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent,
        )  # fmt: skip
        capped = False
        _RUNNING.add(proc.pid)
        try:
            returncode = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            capped = True
            returncode = _stop(proc, TERM_GRACE)
        except BaseException:  # Ctrl-C in the CLI: take the run down with us
            _stop(proc, 1.0)
            raise
        finally:
            _kill_group(proc.pid)
            _RUNNING.discard(proc.pid)
    return returncode, capped


def _die_with_parent() -> None:
    """In the child, before exec: SIGKILL it when the thread that started it dies (a Dask
    worker or a grader killed outright leaves no pytest orphans behind; Linux only)."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


def _stop(proc: subprocess.Popen[bytes], grace: float) -> int:
    """SIGTERM (the plugin then closes its worker), SIGKILL after `grace`; descendants in
    other sessions (a worker) are found first and killed too."""
    strays = _descendants(proc.pid)
    _kill_group(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    _kill_group(proc.pid)
    for pid in strays:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    return proc.wait()


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (Linux /proc; elsewhere none)."""
    children: dict[int, list[int]] = {}
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return []
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def allow_runs() -> None:
    """Undo kill_all: grading runs may start again."""
    _CANCELLED.clear()


def kill_all() -> None:
    """End every grading run in flight (they run in their own sessions: Ctrl-C misses them)."""
    _CANCELLED.set()
    for pgid in list(_RUNNING):
        _kill_group(pgid)


def _kill_group(pgid: int, signum: int = signal.SIGKILL) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _describe(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"exit code {returncode}"


def _tail(log: Path) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return f"; its last output:\n{text[-LOG_TAIL_CHARS:]}" if text else ""


# -- merging and status -----------------------------------------------------------------------


def _merge(shards: list[Shard], parts: Sequence[str]) -> list[TestResult]:
    order = {p: i for i, p in enumerate(parts)}
    tests = []
    for shard in shards:
        for nodeid, info in shard.info.items():
            outcome = shard.results.get(nodeid)
            if outcome is None:
                kind, why = shard.not_run or ("error", "not run")
                outcome = _casualty(kind, why)
            tests.append(
                TestResult(
                    nodeid=nodeid,
                    file=info.get("file", ""),
                    function=info.get("function", nodeid),
                    part=info.get("part", "other"),
                    suite=info.get("suite", "other"),
                    max_points=float(info.get("max_points", 0.0)),
                    doc=info.get("doc", ""),
                    reproduce=info.get("reproduce", ""),
                    outcome=outcome.get("outcome", "error"),
                    duration=float(outcome.get("duration", 0.0)),
                    feedback=outcome.get("feedback", ""),
                    crashed=bool(outcome.get("crashed", False)),
                    notes=list(outcome.get("notes") or []),
                    speed=outcome.get("speed"),
                    properties=dict(outcome.get("properties") or {}),
                )
            )
    suite_order = {"visible": 0, "hidden": 1}
    tests.sort(key=lambda t: (order.get(t.part, 99), suite_order.get(t.suite, 2)))
    return tests


def _status(
    shards: list[Shard], tests: list[TestResult], options: Options, staged: Staged
) -> tuple[str, str]:
    why: list[str] = []
    crashes = [t for t in tests if t.crashed]
    died = [d for s in shards for d in s.died]
    collect = [e for s in shards for e in s.collect_errors]
    timeouts = [t for t in tests if t.outcome == "timeout"]
    capped = any(s.capped for s in shards)
    if died:
        why.extend(died)
    if len(crashes) >= 2:
        why.append(
            f"the worker crashed in {len(crashes)} tests (first: {crashes[0].name}: "
            f"{crashes[0].feedback.splitlines()[0] if crashes[0].feedback else '?'})"
        )
    if collect:
        why.append("the tests could not be collected: " + "; ".join(collect))
    if not tests and not collect:
        why.append("no tests were collected")
    status = "crashed" if why else "ok"
    if capped:
        why.append(
            f"grading stopped at the whole-submission time limit of "
            f"{options.submission_timeout:g} s"
        )
    if timeouts:
        names = ", ".join(t.name for t in timeouts[:3]) + (", ..." if len(timeouts) > 3 else "")
        why.append(f"{len(timeouts)} test(s) ran past their time limit ({names})")
    if status == "ok" and (capped or timeouts):
        status = "timeout"
    if staged.missing:
        why.append("stub used for missing " + ", ".join(LEARNER_FILE[p] for p in staged.missing))
    return status, "; ".join(why)


LEARNER_FILE = {part: f"{part}/{part}.py" for part in PARTS}


def run_threads(jobs: int) -> int:
    """BLAS threads per grading process when `jobs` of them share this machine."""
    return max(1, (os.cpu_count() or 1) // max(1, jobs))
