"""The pytest plugin of a grading run (`-p grader.plugin.hooks`); inert without --grader-results.

The grader's runner starts `python -m pytest <test files> -p grader.plugin.hooks ...` in a
trusted subprocess. This plugin then

1. installs the implementation factory in `config.stash[conftest.IMPL_FACTORY]` before
   the root conftest's `pytest_configure`, so that process never imports learner code:
   sandbox "worker" -> `grader.worker.WorkerImpl(staged_root, call_timeout=timeout)`,
   sandbox "none" -> `coursekit.seam.InProcessImpl(staged_root)`;
2. bounds every test by its budget (grader/plugin/fences.py);
3. describes every collected test (grader/plugin/collecting.py), records how each ended
   (grader/plugin/recording.py), and writes both as events (grader/core/events.py) to the results
   file the runner owns, appended and flushed as they happen.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import pytest

from grader.core.events import (
    Collected,
    CollectError,
    Event,
    Finished,
    ImplReady,
    TestEnded,
    TestStarted,
    encode,
)
from grader.plugin import recording
from grader.plugin.collecting import describe
from grader.plugin.fences import HARD_GRACE, Fences
from grader.plugin.recording import clip


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
    raise pytest.UsageError(f"grader plugin: no IMPL_FACTORY in {root_conftest} (not loaded?)")


class Grading:
    """The hooks of one grading run: each hands its job to the piece that does it."""

    def __init__(self, config: pytest.Config):
        self.rootpath = Path(str(config.rootpath))
        self.sandbox = config.getoption("grader_sandbox")
        self.timeout = float(config.getoption("grader_timeout"))
        skip_file = config.getoption("grader_skip_file")
        self.skip = set(Path(skip_file).read_text().split("\n")) - {""} if skip_file else set()
        self.log = EventLog(config.getoption("grader_results"))
        watchdog = config.getoption("grader_watchdog")
        self.watchdog: TextIO = open(watchdog, "w") if watchdog else sys.stderr  # noqa: SIM115
        self.impl = Implementation(
            self.sandbox,
            config.getoption("grader_staged"),
            self.timeout,
            worker_memory=config.getoption("grader_worker_memory"),
            timed_out_file=config.getoption("grader_timed_out"),
        )
        self.fences = Fences(
            worker=self.sandbox == "worker",
            hard_grace=float(config.getoption("grader_hard_grace")),
            report=self.watchdog,
            set_deadline=self.impl.set_deadline,
            close=self.impl.close,
        )
        self.ended: TestEnded | None = None  # the record of the running test

    def make_impl(self) -> Any:
        """The root conftest's implementation factory: made on first use, then reported."""
        if self.impl.made is None:
            self.impl.make()
            self.log.emit(ImplReady(self.sandbox, self.impl.confinement()))
            self.impl.set_deadline(self.fences.remaining())
        return self.impl.made

    # -- collection --------------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]):
        self.log.emit(Collected(tuple(describe(items, self.rootpath))))
        if self.skip:
            keep = [item for item in items if item.nodeid not in self.skip]
            gone = [item for item in items if item.nodeid in self.skip]
            items[:] = keep
            config.hook.pytest_deselected(items=gone)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            message = getattr(report.longrepr, "reprcrash", None)
            text = message.message if message is not None else str(report.longrepr)
            self.log.emit(CollectError(report.nodeid, clip(text, 4000)))

    # -- running -----------------------------------------------------------------------------

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None):
        budget = item.get_closest_marker("budget")
        seconds = float(budget.args[0]) if budget and budget.args else self.timeout
        self.ended = recording.started(item.nodeid)
        self.log.emit(TestStarted(item.nodeid, seconds))
        self.fences.arm(item.nodeid, seconds)
        try:
            return (yield)
        finally:
            self.fences.disarm()
            self.impl.save_timed_out()
            ended, self.ended = self.ended, None
            self.log.emit(ended)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]):
        report = yield
        if self.ended is not None and call.excinfo is not None and not report.skipped:
            budget = self.fences.deadline if self.fences.deadline is not None else self.timeout
            recording.raised(self.ended, call.when, call.excinfo.value, budget)
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.ended is not None:
            recording.reported(self.ended, report)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.log.emit(Finished(int(exitstatus)))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.fences.restore()
        self.log.close()
        if self.watchdog is not sys.stderr:
            self.watchdog.close()


class Implementation:
    """The submission behind the seam: a confined worker, or imported in this process."""

    def __init__(
        self,
        sandbox: str,
        staged: str,
        timeout: float,
        worker_memory: int | None = None,
        timed_out_file: str | None = None,
    ):
        self.sandbox, self.staged, self.timeout = sandbox, staged, timeout
        self.worker_memory, self.timed_out_file = worker_memory, timed_out_file
        self.timed_out: dict[str, float] = {}  # as last saved
        self.made: Any = None

    def make(self) -> None:
        if self.sandbox == "worker":
            from grader.worker import Limits, WorkerImpl

            memory = self.worker_memory
            self.made = WorkerImpl(
                self.staged,
                call_timeout=self.timeout,
                limits=Limits(address_space=memory << 20) if memory else None,
                remember_timeouts=bool(self.timed_out_file),
            )
            self.timed_out = self._read_timed_out()
            self.made.timed_out.update(self.timed_out)
        else:
            from coursekit.seam import InProcessImpl  # binds the part packages too

            self.made = InProcessImpl(self.staged)

    def confinement(self) -> dict[str, Any]:
        report = getattr(self.made, "confinement", None)
        if report is None:
            return {"summary": "none: learner code runs in the grading process"}
        try:
            return dict(report())
        except Exception as exc:  # a report is informational; never fail the run on it
            return {"summary": f"confinement() failed: {type(exc).__name__}: {exc}"}

    def _read_timed_out(self) -> dict[str, float]:
        """The functions that timed out in an earlier pytest run of this submission."""
        if not self.timed_out_file:
            return {}
        try:
            data = json.loads(Path(self.timed_out_file).read_text() or "{}")
        except (OSError, ValueError):
            return {}
        return {str(k): float(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def save_timed_out(self) -> None:
        """Keep the file up to date, so a restarted pytest fails those calls at once too."""
        found = dict(getattr(self.made, "timed_out", None) or {})
        if self.timed_out_file and found != self.timed_out:
            self.timed_out = found
            Path(self.timed_out_file).write_text(json.dumps(found))

    def set_deadline(self, seconds: float | None) -> None:
        setter = getattr(self.made, "set_deadline", None)
        if setter is not None:
            setter(seconds)

    def close(self) -> None:
        if self.made is not None:
            self.made.close()


class EventLog:
    """The results file: one event a line, flushed at once (the process may die next)."""

    def __init__(self, path: str):
        self.out = open(path, "a", encoding="utf-8")  # noqa: SIM115

    def emit(self, event: Event) -> None:
        self.out.write(encode(event) + "\n")
        self.out.flush()

    def close(self) -> None:
        self.out.close()
