"""The pytest plugin of a grading run (`-p grader.plugin.hooks`); inert without
--grader-session.

The shard (grader/run/shard.py) starts `python -m pytest <test files> -p
grader.plugin.hooks --grader-session FILE` in a trusted subprocess. This plugin then

1. installs the implementation factory in `config.stash[conftest.IMPL_FACTORY]` before
   the root conftest's `pytest_configure`, so that process never imports learner code
   (grader/plugin/implementation.py: a confined worker, or in process for sandbox none);
2. bounds every test by its budget (grader/plugin/fences.py);
3. describes every collected test (grader/plugin/collecting.py), records how each ended
   (grader/plugin/recording.py), and writes both as events (grader/core/events.py) to the
   results file the shard owns, appended and flushed as they happen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

import pytest

from grader.core import limits
from grader.core.events import (
    Collected,
    CollectError,
    Finished,
    ImplReady,
    TestEnded,
    TestStarted,
)
from grader.core.session import Session
from grader.plugin import recording
from grader.plugin.collecting import describe
from grader.plugin.fences import Fences, GradingTimeout
from grader.plugin.implementation import EventLog, Implementation
from grader.plugin.recording import clip

EVIDENCE_SECONDS = 5.0  # the least time left to a failed test to gather evidence on a raise


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grader", "grader (used by `grader run`, not by hand)")
    group.addoption("--grader-session", help="the grading session's file (grader/core/session.py)")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    session_file = config.getoption("grader_session")
    if not session_file:
        return
    grading = Grading(config, Session.read(session_file))
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

    def __init__(self, config: pytest.Config, session: Session):
        self.rootpath = Path(str(config.rootpath))
        self.sandbox = session.verdict.sandbox
        self.timeout = session.verdict.timeout
        self.skip = set(Path(session.skip).read_text().split("\n")) - {""}
        self.log = EventLog(session.events)
        self.watchdog: TextIO = open(session.watchdog, "w")  # noqa: SIM115
        self.impl = Implementation(session)
        self.fences = Fences(
            worker=self.sandbox == "worker",
            hard_grace=session.hard_grace,
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
        seconds = limits.test_budget(item.get_closest_marker("budget"), self.timeout)
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
            if call.when == "call":
                self._note_raise(item, call.excinfo.value)
            recording.raised(self.ended, call.when, call.excinfo.value, budget)
        return report

    def _note_raise(self, item: pytest.Item, exc: BaseException) -> None:
        """The evidence on a raise of the learner's code (coursekit/evidence/raised.py),
        while the test's time lasts: the fences stay armed, and a test past its limit
        keeps the feedback it has."""
        left = self.fences.remaining()
        if left is not None and left < EVIDENCE_SECONDS:
            return
        if any(isinstance(leaf, (*recording.TIMEOUTS, *recording.CRASHES))
               for leaf in recording.leaves(exc)):  # fmt: skip
            return  # the function hung or the worker died: never call it again for evidence
        try:
            from coursekit.evidence.raised import note_raise  # numpy and the cases: slow

            note_raise(item, exc)
        except GradingTimeout:
            pass  # the test's time ran out meanwhile: it keeps the feedback it has

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.ended is not None:
            recording.reported(self.ended, report)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.log.emit(Finished(int(exitstatus)))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.fences.restore()
        self.log.close()
        self.watchdog.close()
