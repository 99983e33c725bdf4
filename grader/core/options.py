"""The options of a grading run: one frozen object, built once at the edge (the CLI, or the
Gradescope settings) and passed down whole.

    Options(verdict=Verdict(...), run=RunOptions(...))

- `Verdict`: everything that can change a verdict. The regrade cache hashes it whole
  (`Verdict.digest`), so a new field can never be left out of the key.
- `RunOptions`: how the work is spread and shown (jobs, shards, threads, where outputs
  go, progress, how hard a crashed run is retried). Never part of a verdict.

Into a grading pytest it crosses once, serialised whole (`grader.core.session`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from coursekit.course import NAMES
from grader.core import limits

SANDBOXES = ("worker", "none")
DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class Verdict:
    """The options that can change a grade."""

    parts: tuple[str, ...] = NAMES
    timeout: float = limits.TEST_TIMEOUT  # seconds per test (a budget marker overrides it)
    submission_timeout: float | None = limits.SUBMISSION_TIMEOUT  # None: no cap
    device: str = "auto"  # of the torch references
    sandbox: str = "worker"  # "worker" | "none"
    fail_fast: bool = True  # a function that timed out once fails at once after
    worker_memory: int | None = None  # MiB for the worker (None: limits.Limits' default)

    def __post_init__(self) -> None:
        unknown = set(self.parts) - set(NAMES)
        if unknown or not self.parts:
            raise ValueError(f"parts must be some of {', '.join(NAMES)}, got {self.parts}")
        if self.sandbox not in SANDBOXES:
            raise ValueError(f"sandbox must be one of {SANDBOXES}, got {self.sandbox!r}")
        if self.device not in DEVICES:
            raise ValueError(f"device must be one of {DEVICES}, got {self.device!r}")
        object.__setattr__(self, "parts", tuple(p for p in NAMES if p in self.parts))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"parts": list(self.parts)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return _from_dict(cls, data, parts=tuple(data.get("parts", NAMES)))

    def digest(self) -> str:
        """SHA-256 of every field: the options' share of a cache key."""
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class RunOptions:
    """How a run is carried out and shown; never changes a grade."""

    jobs: int = 1  # submissions at a time (batch)
    shards: int = 1  # concurrent pytest processes for one submission
    threads: int | None = None  # BLAS/OpenMP threads per process (None: leave as is)
    keep: bool = False  # keep the private folder (events, logs) for debugging
    out: Path | None = None  # a batch's outputs
    progress: bool = True  # a batch's progress bar
    force: bool = False  # regrade, ignoring the cache
    scheduler: str | None = None  # a Dask scheduler (batch)
    retries: int = 2  # Dask: reschedules of a task whose worker died
    max_restarts: int = 10  # restarts of pytest after a hard kill or a crash
    hard_grace: float = limits.HARD_GRACE  # after a test's alarm, before its process ends


@dataclass(frozen=True)
class Options:
    verdict: Verdict = field(default_factory=Verdict)
    run: RunOptions = field(default_factory=RunOptions)

    def describe(self) -> dict[str, Any]:
        """The options as the result JSON shows them."""
        return self.verdict.to_dict() | {"shards": self.run.shards}


def _from_dict(cls: type, data: dict[str, Any], **converted: Any) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown {cls.__name__} fields {sorted(unknown)}")
    return cls(**(dict(data) | converted))
