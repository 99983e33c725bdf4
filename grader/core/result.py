"""What one grading produces: per-test results, part scores, status, and the result JSON.

Scoring: a test earns its `max_points` when it passed, else 0. `max_points` comes from
grader/hidden/weights.py (a parametrized test's weight split equally over its cases); weight 0
marks an informational test, reported but never scored; a skipped test is not scored
either (it counts in neither the score nor the maximum). A part's score is the sum over
its tests (partial credit), the total the sum over the selected parts.

A test's outcome is an Outcome, a submission's status a Status (grader/core/outcomes.py).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from grader.core.events import TestEnded, TestInfo
from grader.core.outcomes import Outcome, Status, Suite

RESULT_SCHEMA = "s13-grader-result/2"  # /2: "digests" (what produced the result)
TEST_DIGITS = 12  # a test's points in the JSON (sums: 9)


@dataclass
class TestResult(TestEnded, TestInfo):
    """A collected test and how it ended: TestInfo's fields, then TestEnded's."""

    __test__ = False  # not a pytest test class

    doc: str = ""
    reproduce: str = ""
    outcome: Outcome = Outcome.ERROR
    duration: float = 0.0
    feedback: str = ""

    def __post_init__(self) -> None:
        self.suite, self.outcome = Suite(self.suite), Outcome(self.outcome)

    @property
    def informational(self) -> bool:
        return self.max_points == 0

    @property
    def points(self) -> float:
        return self.max_points if self.outcome == Outcome.PASSED else 0.0

    @property
    def scored_max(self) -> float:
        """max_points, except that a skipped test is not scored at all."""
        return 0.0 if self.outcome == Outcome.SKIPPED else self.max_points

    @property
    def name(self) -> str:
        """`test_function[case]`: the node id without its file."""
        return self.nodeid.rsplit("::", 1)[-1]

    @property
    def case(self) -> str:
        """The parametrization id ("3-1" of test_x[3-1]) or ""."""
        name = self.name
        return name[name.index("[") + 1 : -1] if name.endswith("]") and "[" in name else ""

    @property
    def title(self) -> str:
        """What was checked: the docstring's first line, else the function's name."""
        return self.doc or self.function.removeprefix("test_").replace("_", " ")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            name=self.name,
            status=self.outcome,  # the same as outcome
            # finer than the sums' rounding: read back (from_dict), they sum to the same
            scored_max=num(self.scored_max, TEST_DIGITS),
            points=num(self.points, TEST_DIGITS),
            max_points=num(self.max_points, TEST_DIGITS),
            informational=self.informational,
            duration=round(self.duration, 4),
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TestResult:
        """The inverse of to_dict (its derived keys are recomputed, not read)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Result:
    name: str
    target: str
    parts: tuple[str, ...]
    status: Status = Status.OK
    why: str = ""
    tests: list[TestResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sandbox: str = "none"
    confinement: dict[str, Any] = field(default_factory=dict)
    execution_time: float = 0.0
    options: dict[str, Any] = field(default_factory=dict)
    cached: bool = False  # read back from grader/batch/cache.py, not graded in this run
    # SHA-256 of the course files and of the learner's modules that produced this result
    # (grader/batch/cache.py); "" when not recorded (a result of schema /1)
    course_digest: str = ""
    submission_digest: str = ""

    def __post_init__(self) -> None:
        self.status = Status(self.status)

    @property
    def score(self) -> float:
        return sum(t.points for t in self.tests)

    @property
    def max_score(self) -> float:
        return sum(t.scored_max for t in self.tests)

    @property
    def full_marks(self) -> bool:
        graded = self.status == Status.OK and self.max_score > 0
        return graded and self.score >= self.max_score - 1e-9

    def part_scores(self) -> dict[str, dict[str, Any]]:
        table = {}
        for part in self.parts:
            tests = [t for t in self.tests if t.part == part]
            scored = [t for t in tests if t.scored_max > 0]
            table[part] = {
                "score": num(sum(t.points for t in tests)),
                "max_score": num(sum(t.scored_max for t in tests)),
                "tests": len(scored),
                "passed": sum(t.outcome == Outcome.PASSED for t in scored),
                "informational": sum(t.informational for t in tests),
                "duration": round(sum(t.duration for t in tests), 3),
            }
        return table

    @property
    def confined(self) -> bool:
        return self.sandbox == "worker"

    def confinement_line(self) -> str:
        if not self.confined:
            return "UNCONFINED (--sandbox none): learner code ran in the grading process"
        info = self.confinement
        if not info:
            return "worker (no confinement report)"
        if "summary" in info:
            return f"worker: {info['summary']}"
        bits = []
        for key, value in info.items():
            if isinstance(value, dict):
                flag = next((f for f in ("isolated", "applied", "switched") if f in value), None)
                if flag is not None:
                    word = flag if value[flag] else f"NOT {flag}"
                    reason = f" ({value['reason']})" if value.get("reason") else ""
                    bits.append(f"{key} {word}{reason}")
                elif key == "limits":
                    bits.append("limits " + " ".join(f"{k}={_limit(v)}" for k, v in value.items()))
            elif isinstance(value, bool):
                bits.append(key if value else f"no {key}")
            elif isinstance(value, str) and key in ("sandbox", "mechanism", "memory"):
                bits.append(f"{key}={value}")
        return "worker: " + ", ".join(bits)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": RESULT_SCHEMA,
            "submission": self.name,
            "target": self.target,
            "status": self.status,
            "why": self.why,
            "score": num(self.score),
            "max_score": num(self.max_score),
            "parts": self.part_scores(),
            "notes": self.notes,
            "sandbox": {"mode": self.sandbox, "confined": self.confined,
                        "label": "confined" if self.confined else "unconfined",
                        "confinement": self.confinement},
            "execution_time": round(self.execution_time, 3),
            "options": self.options,
            "cached": self.cached,
            "digests": {"course": self.course_digest, "submission": self.submission_digest},
            "tests": [t.to_dict() for t in self.tests],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        """The inverse of to_dict (derived keys such as score are recomputed)."""
        names = {f.name for f in fields(TestResult)}
        sandbox = data.get("sandbox") or {}
        digests = data.get("digests") or {}
        return cls(
            name=data["submission"],
            target=data["target"],
            parts=tuple(data["parts"]),
            status=data["status"],
            why=data.get("why", ""),
            tests=[TestResult(**{k: v for k, v in t.items() if k in names}) for t in data["tests"]],
            notes=list(data.get("notes") or []),
            sandbox=sandbox.get("mode", "none"),
            confinement=sandbox.get("confinement") or {},
            execution_time=float(data.get("execution_time", 0.0)),
            options=dict(data.get("options") or {}),
            cached=bool(data.get("cached", False)),
            course_digest=str(digests.get("course") or ""),
            submission_digest=str(digests.get("submission") or ""),
        )


def _limit(value: Any) -> str:
    soft = value[0] if isinstance(value, (list, tuple)) and value else value
    if isinstance(soft, int) and soft >= 1 << 20:
        return f"{soft >> 20}MiB"
    return str(soft)


def num(value: float, digits: int = 9) -> float:
    """Points as data: float noise removed (1/3 + 1/3 + 1/3 sums to 1), ints as ints."""
    rounded = round(value, digits)
    return int(rounded) if rounded == int(rounded) else rounded


def show(value: float) -> str:
    """Points for people: at most two decimals."""
    return f"{round(value, 2):g}"


def write_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write the whole file at once: a temporary file beside it, then a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_json(result: Result, path: str | os.PathLike[str]) -> Path:
    return write_atomic(path, json.dumps(result.to_dict(), indent=2, default=repr) + "\n")


def write_batch_json(results: list[Result], path: str | os.PathLike[str]) -> Path:
    """Every submission's result JSON, in one file."""
    data = {"schema": RESULT_SCHEMA, "submissions": [r.to_dict() for r in results]}
    return write_atomic(path, json.dumps(data, indent=2, default=repr) + "\n")
