"""The instructor's Gradescope settings: written into the bundle as autograder.json by
`grader gradescope`, read back in the container, mapped onto a run's options once."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from coursekit.course import NAMES
from grader.core import limits
from grader.core.options import Options, RunOptions, Verdict

SETTINGS_FILE = "autograder.json"


@dataclass(frozen=True)
class Settings:
    """The instructor's limits (`grader gradescope --help` explains each)."""

    timeout: float = limits.GRADESCOPE_TIMEOUT  # seconds per test (a budget marker may give more)
    budget: float = limits.GRADESCOPE_BUDGET  # seconds for the whole submission
    worker_memory: int = limits.GRADESCOPE_MEMORY  # MiB for the learner's worker
    max_per_day: int = 0  # graded submissions per window; 0: no limit
    window_hours: float = 24.0
    parts: tuple[str, ...] = NAMES

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"parts": list(self.parts)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"{SETTINGS_FILE}: unknown settings {sorted(unknown)}")
        values = dict(data)
        if "parts" in values:
            values["parts"] = tuple(values["parts"])
        return cls(**values)

    def options(self) -> Options:
        """The one mapping of the instructor's settings onto a grading run's options."""
        verdict = Verdict(
            parts=self.parts,
            timeout=self.timeout,
            submission_timeout=self.budget,
            device="cpu",
            sandbox="worker",
            worker_memory=self.worker_memory,
        )
        return Options(verdict, RunOptions(threads=1))
