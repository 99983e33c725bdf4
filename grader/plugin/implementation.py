"""The two things a grading pytest holds open: the implementation under test (a confined
worker, or the staged package imported in this process for sandbox none) and the events
file it writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from grader.core.events import Event, encode
from grader.core.limits import Limits
from grader.core.session import Session


class Implementation:
    """The submission behind the seam: a confined worker, or imported in this process."""

    def __init__(self, session: Session):
        self.sandbox, self.staged, self.timeout = (
            session.verdict.sandbox, session.staged, session.verdict.timeout
        )
        self.worker_memory, self.timed_out_file = session.verdict.worker_memory, session.timed_out
        self.timed_out: dict[str, float] = {}  # as last saved
        self.made: Any = None

    def make(self) -> None:
        if self.sandbox == "worker":
            from grader.worker import WorkerImpl

            self.made = WorkerImpl(
                self.staged,
                call_timeout=self.timeout,
                limits=Limits.with_memory(self.worker_memory),
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
