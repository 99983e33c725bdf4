"""The pytest plugin of a grading run (`-p grader.plugin`); inert without --grader-results.

The grader's runner starts `python -m pytest <test files> -p grader.plugin ...` in a
trusted subprocess. This plugin then

1. installs the implementation factory in `config.stash[conftest.IMPL_FACTORY]` before
   the root conftest's `pytest_configure`, so that process never imports learner code:
   sandbox "worker" -> `grader.worker.WorkerImpl(staged_root, call_timeout=timeout)`,
   sandbox "none" -> `coursekit.seam.InProcessImpl(staged_root)`;
2. bounds every test: `impl.set_deadline(budget)` where the impl supports it, SIGALRM a
   little later (raises GradingTimeout, a BaseException that hypothesis does not retry),
   then a watchdog thread that closes the impl and ends the process, and faulthandler's
   C thread as the last resort (the runner then restarts pytest on the remaining tests);
   SIGTERM also closes the impl (the worker) before the process ends;
3. records every test as one JSON line in the results file the runner owns.

Results file (JSON lines, appended and flushed as they happen):
  {"event": "collected", "items": [{nodeid, file, function, part, suite, max_points,
       doc, reproduce}, ...]}                           once, before any test runs
  {"event": "collect_error", "nodeid", "message"}
  {"event": "impl", "sandbox", "confinement": {...}}  once, when the impl is created
  {"event": "start", "nodeid", "deadline"}           before each test
  {"event": "test", "nodeid", "outcome", "duration", "feedback", "crashed", "notes",
       "speed", "properties"}                          after each test
  {"event": "finish", "exitstatus"}
"""

from __future__ import annotations

import faulthandler
import json
import os
import shlex
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from coursekit.course import BY_MARKER
from coursekit.seam import PARTS

FEEDBACK_CHARS = 1500
ALARM_GRACE = 2.0  # after the worker's own deadline (in process: none)
HARD_GRACE = 10.0  # after the alarm: the watchdog thread ends the process
LAST_RESORT = 5.0  # after that: faulthandler ends it (a thread that cannot get the GIL)
CLOSE_GRACE = 2.0  # for impl.close() when the process is ended
TIMEOUT_TYPES = {"GradingTimeout", "WorkerTimeout"}
CRASH_TYPES = {"WorkerCrashed", "ProtocolError"}


class GradingTimeout(BaseException):
    """A test ran past its budget (BaseException: hypothesis must not shrink on it)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grader", "grader (used by `grader run`, not by hand)")
    group.addoption("--grader-results", help="JSON-lines file the results are appended to")
    group.addoption("--grader-staged", help="staged root holding the s13_cnn/ package under test")
    group.addoption("--grader-sandbox", choices=("worker", "none"), default="worker")
    group.addoption("--grader-timeout", type=float, default=60.0, help="seconds per test")
    group.addoption("--grader-skip-file", help="node ids (one a line) not to run again")
    group.addoption("--grader-watchdog", help="file the hard watchdog writes its report to")
    group.addoption(
        "--grader-timed-out",
        help="JSON file of the functions that timed out (read at start, kept up to date): "
        "later calls of them fail at once",
    )
    group.addoption("--grader-worker-memory", type=int, help="the worker's address space, MiB")
    group.addoption(
        "--grader-hard-grace", type=float, default=HARD_GRACE,
        help="seconds after the alarm before the hard watchdog ends the process",
    )  # fmt: skip


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("grader_results"):
        return
    grading = Grading(config)
    config.pluginmanager.register(grading, "grader-grading")
    config.stash[_impl_factory_key(config)] = grading.make_impl
    if grading.sandbox == "none":
        # import the staged package now, before pytest imports the visible test files
        # (they live inside the instructor's s13_cnn package)
        grading.make_impl()


def _impl_factory_key(config: pytest.Config) -> Any:
    """IMPL_FACTORY of the root conftest, whatever module name pytest gave it."""
    root_conftest = (Path(str(config.rootpath)) / "conftest.py").resolve()
    for plugin in config.pluginmanager.get_plugins():
        where = getattr(plugin, "__file__", None)
        if where and Path(where).resolve() == root_conftest and hasattr(plugin, "IMPL_FACTORY"):
            return plugin.IMPL_FACTORY
    raise pytest.UsageError(f"grader.plugin: no IMPL_FACTORY in {root_conftest} (not loaded?)")


class Grading:
    """State and hooks of one grading run."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.rootpath = Path(str(config.rootpath))
        self.staged = config.getoption("grader_staged")
        self.sandbox = config.getoption("grader_sandbox")
        self.timeout = float(config.getoption("grader_timeout"))
        self.hard_grace = float(config.getoption("grader_hard_grace"))
        skip_file = config.getoption("grader_skip_file")
        self.skip = set(Path(skip_file).read_text().split("\n")) - {""} if skip_file else set()
        self.out = open(config.getoption("grader_results"), "a", encoding="utf-8")  # noqa: SIM115
        watchdog = config.getoption("grader_watchdog")
        self.watchdog = open(watchdog, "w") if watchdog else sys.stderr  # noqa: SIM115
        self.impl: Any = None
        self.timed_out_file = config.getoption("grader_timed_out")
        self.worker_memory = config.getoption("grader_worker_memory")
        self.timed_out: dict[str, float] = {}
        self.deadline: float | None = None  # seconds of the running test
        self.started = 0.0
        self.records: dict[str, dict[str, Any]] = {}
        self.info: dict[str, dict[str, Any]] = {}
        self._old_signals = {}
        if hasattr(signal, "SIGALRM"):
            self._old_signals[signal.SIGALRM] = signal.signal(signal.SIGALRM, self._on_alarm)
        # the runner sends SIGTERM before SIGKILL: end the worker with us
        self._old_signals[signal.SIGTERM] = signal.signal(signal.SIGTERM, self._on_term)
        self._running: str | None = None
        self._hard_at: float | None = None
        self._watch = threading.Condition()
        threading.Thread(target=self._watch_loop, name="grader-watchdog", daemon=True).start()

    # -- the implementation ------------------------------------------------------------------

    def make_impl(self) -> Any:
        if self.impl is None:
            if self.sandbox == "worker":
                from grader.worker import Limits, WorkerImpl

                memory = self.worker_memory
                limits = Limits(address_space=memory << 20) if memory else None
                self.impl = WorkerImpl(
                    self.staged,
                    call_timeout=self.timeout,
                    limits=limits,
                    remember_timeouts=bool(self.timed_out_file),
                )
                self.impl.timed_out.update(self._read_timed_out())
            else:
                from coursekit.seam import InProcessImpl  # binds the part packages too

                self.impl = InProcessImpl(self.staged)
            self._emit(event="impl", sandbox=self.sandbox, confinement=self._confinement())
            self._set_deadline(self._remaining())
        return self.impl

    def _read_timed_out(self) -> dict[str, float]:
        """The functions that timed out in an earlier pytest run of this submission."""
        if not self.timed_out_file:
            return {}
        try:
            data = json.loads(Path(self.timed_out_file).read_text() or "{}")
        except (OSError, ValueError):
            return {}
        return {str(k): float(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _save_timed_out(self) -> None:
        found = dict(getattr(self.impl, "timed_out", None) or {})
        if self.timed_out_file and found != self.timed_out:
            self.timed_out = found
            Path(self.timed_out_file).write_text(json.dumps(found))

    def _confinement(self) -> dict[str, Any]:
        report = getattr(self.impl, "confinement", None)
        if report is None:
            return {"summary": "none: learner code runs in the grading process"}
        try:
            return dict(report())
        except Exception as exc:  # a report is informational; never fail the run on it
            return {"summary": f"confinement() failed: {type(exc).__name__}: {exc}"}

    def _set_deadline(self, seconds: float | None) -> None:
        setter = getattr(self.impl, "set_deadline", None)
        if setter is not None:
            setter(seconds)

    def _remaining(self) -> float | None:
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - (time.monotonic() - self.started))

    # -- collection --------------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]):
        cases = Counter(_function_key(item) for item in items)
        weight = _weights()
        for item in items:
            file, function = _function_key(item)
            points = weight(file, function) / cases[(file, function)]
            self.info[item.nodeid] = {
                "nodeid": item.nodeid,
                "file": self._relpath(item),
                "function": function,
                "part": _part_of(item),
                "suite": self._suite_of(item),
                "max_points": points,
                "doc": _doc_line(item),
                "reproduce": self._reproduce(item),
            }
        self._emit(event="collected", items=list(self.info.values()))
        if self.skip:
            keep = [item for item in items if item.nodeid not in self.skip]
            gone = [item for item in items if item.nodeid in self.skip]
            items[:] = keep
            config.hook.pytest_deselected(items=gone)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            message = getattr(report.longrepr, "reprcrash", None)
            text = message.message if message is not None else str(report.longrepr)
            self._emit(event="collect_error", nodeid=report.nodeid, message=_clip(text, 4000))

    def _relpath(self, item: pytest.Item) -> str:
        try:
            return Path(str(item.path)).resolve().relative_to(self.rootpath).as_posix()
        except ValueError:
            return str(item.path)

    def _suite_of(self, item: pytest.Item) -> str:
        rel = self._relpath(item)
        if rel.startswith("stages/"):
            return "visible"
        if rel.startswith("grader/hidden/"):
            return "hidden"
        return "other"

    def _reproduce(self, item: pytest.Item) -> str:
        marker = item.get_closest_marker("reproduce")
        if marker is not None and marker.args:
            return str(marker.args[0])
        if self._suite_of(item) == "visible":
            return f"uv run pytest {shlex.quote(item.nodeid)}"
        part = _part_of(item)
        return f"uv run pytest stages/s13_cnn/{part}" if part in PARTS else ""

    # -- running -----------------------------------------------------------------------------

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None):
        budget = item.get_closest_marker("budget")
        self.deadline = float(budget.args[0]) if budget and budget.args else self.timeout
        self.started = time.monotonic()
        self.records[item.nodeid] = {"outcome": "passed", "duration": 0.0, "feedback": ""}
        self._emit(event="start", nodeid=item.nodeid, deadline=self.deadline)
        self._running = item.nodeid
        self._arm(self.deadline)
        try:
            return (yield)
        finally:
            self._disarm()
            self.deadline = None
            self._save_timed_out()
            self._emit(event="test", nodeid=item.nodeid, **self.records.pop(item.nodeid))

    def _arm(self, seconds: float) -> None:
        """Three fences: the impl's deadline (the worker stops the call), SIGALRM (raises
        GradingTimeout here), then the watchdog thread (ends the process, worker included)
        and, should that thread not get to run, faulthandler's C thread."""
        self._set_deadline(seconds)
        if hasattr(signal, "setitimer"):
            # with the worker, its own deadline comes first and this is the backstop
            late = ALARM_GRACE + 0.1 * seconds if self.sandbox == "worker" else 0.0
            signal.setitimer(signal.ITIMER_REAL, seconds + late)
        hard = seconds + ALARM_GRACE + self.hard_grace + 0.25 * seconds
        with self._watch:
            self._hard_at = time.monotonic() + hard
            self._watch.notify()
        faulthandler.dump_traceback_later(hard + LAST_RESORT, exit=True, file=self.watchdog)

    def _disarm(self) -> None:
        faulthandler.cancel_dump_traceback_later()
        with self._watch:
            self._hard_at = None
            self._watch.notify()
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            self._set_deadline(None)
        except Exception:
            pass

    def _watch_loop(self) -> None:
        with self._watch:
            while self._hard_at is None or time.monotonic() < self._hard_at:
                left = None if self._hard_at is None else self._hard_at - time.monotonic()
                self._watch.wait(left)
        self.watchdog.write(f"hard timeout: {self._running} did not stop; process ended\n")
        self.watchdog.flush()
        self._end(1)

    def _on_term(self, signum: int, frame: Any) -> None:
        self._end(128 + signum)

    def _end(self, status: int) -> None:
        """Close the impl (the worker goes with it), boundedly, then leave at once."""
        impl = self.impl
        if impl is not None:
            closer = threading.Thread(target=_quietly, args=(impl.close,), daemon=True)
            closer.start()
            closer.join(CLOSE_GRACE)
        os._exit(status)

    def _on_alarm(self, signum: int, frame: Any) -> None:
        if self.deadline is not None:
            raise GradingTimeout(f"the test ran past its time limit of {self.deadline:g} s")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]):
        report = yield
        record = self.records.get(item.nodeid)
        if record is None or call.excinfo is None or report.skipped:
            return report
        kind = _classify(call.excinfo.value)
        message = _message(call.excinfo.value)
        if kind == "timeout":
            record["outcome"] = "timeout"
            budget = self.deadline if self.deadline is not None else self.timeout
            if "timed out earlier" not in message:
                message = f"ran past its time limit of {budget:g} s and was stopped ({message})"
        elif record["outcome"] == "passed":
            record["outcome"] = "failed" if call.when == "call" else "error"
        if kind == "crashed":
            record["crashed"] = True
        if not record["feedback"]:
            prefix = "" if call.when == "call" else f"error in test {call.when}: "
            record["feedback"] = _clip(prefix + message, FEEDBACK_CHARS)
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = self.records.get(report.nodeid)
        if record is None:
            return
        record["duration"] += report.duration
        if report.skipped and record["outcome"] == "passed":
            record["outcome"] = "skipped"
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
            record["feedback"] = _clip(str(reason), FEEDBACK_CHARS)
        notes, speed, other = [], None, {}
        for name, value in report.user_properties:
            if name == "note":
                notes.append(str(value))
            elif name == "speed":
                speed = value
            else:
                other[name] = value
        record["notes"], record["speed"], record["properties"] = notes, speed, other

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self._emit(event="finish", exitstatus=int(exitstatus))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        for signum, handler in self._old_signals.items():
            signal.signal(signum, handler)
        self.out.close()
        if self.watchdog is not sys.stderr:
            self.watchdog.close()

    def _emit(self, **event: Any) -> None:
        self.out.write(json.dumps(event, default=_jsonable) + "\n")
        self.out.flush()


# -- helpers -------------------------------------------------------------------------------


def _quietly(function: Any) -> None:
    try:
        function()
    except BaseException:
        pass


def _weights():
    try:
        from grader.weights import points_for
    except ImportError:
        try:
            from grader.weights import DEFAULT_WEIGHT
        except ImportError:
            DEFAULT_WEIGHT = 1.0
        return lambda file, function: float(DEFAULT_WEIGHT)
    return lambda file, function: float(points_for(file, function))


def _function_key(item: pytest.Item) -> tuple[str, str]:
    name = getattr(item, "originalname", None) or item.name.split("[")[0]
    return Path(str(item.path)).name, name


def _part_of(item: pytest.Item) -> str:
    for marker in item.iter_markers():
        if marker.name in BY_MARKER:
            return BY_MARKER[marker.name].name
    for part in PARTS:  # no marker: the folder or the file name says it
        if part in Path(str(item.path)).parts or Path(str(item.path)).name.startswith(
            f"test_{part}"
        ):
            return part
    return "other"


def _doc_line(item: pytest.Item) -> str:
    doc = getattr(getattr(item, "function", None), "__doc__", None) or ""
    lines = [line.strip() for line in doc.strip().splitlines()]
    return lines[0] if lines else ""


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for sub in exc.exceptions for leaf in _leaves(sub)]
    return [exc]


def _classify(exc: BaseException) -> str | None:
    names = {type(leaf).__name__ for leaf in _leaves(exc)}
    if names & TIMEOUT_TYPES:
        return "timeout"
    if names & CRASH_TYPES:
        return "crashed"
    return None


def _message(exc: BaseException) -> str:
    """The crash message: exception and its notes, never a traceback."""
    leaves = _leaves(exc)
    first = leaves[0]
    text = str(first)
    if not isinstance(first, AssertionError) or not text:
        text = f"{type(first).__name__}: {text}" if text else type(first).__name__
    notes = [str(n) for n in getattr(first, "__notes__", ())]
    if notes:
        text += "\n" + "\n".join(notes)
    if len(leaves) > 1:
        text = f"{len(leaves)} distinct failures; the first: {text}"
    return text


def _clip(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 20].rstrip() + "\n... (truncated)"


def _jsonable(value: Any) -> Any:
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, np.ndarray):
            return value.tolist()
    except ImportError:
        pass
    return repr(value)
