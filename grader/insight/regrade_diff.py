"""`grader diff OLD_GRADES NEW_GRADES`: what a regrade changes, before it is published.

Reads the results/*.json of two batches of the same class and lists only the submissions
whose score or status changed: by how much, on which tests, and why, from the digests each
result records (grader/core/result.py, grader/batch/cache.py):

    course changed       the grader's code, hidden suites, weights or visible suites differ
    submission changed   the learner's modules differ
    options changed      an option that changes a verdict differs (--timeout, --part, ...)
    flaky                none of them differ: the same code, graded the same way, scored
                         differently (a time limit reached on a loaded machine, randomness)
    unknown              a result does not record its digests (graded before they were)
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.core.result import show
from grader.insight.analysis import load_results

SHOWN_TESTS = 8  # changed tests listed under a submission
RUN_ONLY = ("shards",)  # options.describe() keys that never change a verdict


@dataclass(frozen=True)
class TestChange:
    __test__ = False  # not a pytest test class

    nodeid: str
    old: str  # outcome, or "absent"
    new: str
    points: float  # new points - old points


@dataclass
class Change:
    submission: str
    old_score: float | None  # None: no such submission in OLD
    new_score: float | None
    max_old: float
    max_new: float
    old_status: str
    new_status: str
    why: list[str]
    tests: list[TestChange] = field(default_factory=list)

    @property
    def delta(self) -> float:
        return (self.new_score or 0.0) - (self.old_score or 0.0)


def _verdict_options(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in (result.get("options") or {}).items() if k not in RUN_ONLY}


def reasons(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Why `new` may differ from `old`, from what each records of what produced it."""
    a, b = old.get("digests") or {}, new.get("digests") or {}
    if not all((a.get("course"), a.get("submission"), b.get("course"), b.get("submission"))):
        return ["unknown (a result records no digests: graded before they were recorded)"]
    why = []
    if a["course"] != b["course"]:
        why.append("course changed")
    if a["submission"] != b["submission"]:
        why.append("submission changed")
    if _verdict_options(old) != _verdict_options(new):
        why.append("options changed")
    return why or ["flaky (neither the course, the submission nor the options changed)"]


def _points(result: dict[str, Any]) -> dict[str, tuple[str, float]]:
    return {t["nodeid"]: (t["outcome"], float(t.get("points", 0.0))) for t in result["tests"]}


def changed_tests(old: dict[str, Any], new: dict[str, Any]) -> list[TestChange]:
    a, b = _points(old), _points(new)
    changes = []
    for nodeid in list(a) + [n for n in b if n not in a]:
        (was, p_old), (now, p_new) = a.get(nodeid, ("absent", 0.0)), b.get(nodeid, ("absent", 0.0))
        if was != now or abs(p_new - p_old) > 1e-9:
            changes.append(TestChange(nodeid, was, now, p_new - p_old))
    return sorted(changes, key=lambda c: (-abs(c.points), c.nodeid))


def compare(old_grades: Path, new_grades: Path) -> tuple[list[Change], int]:
    """(the changed submissions, most changed first; how many are unchanged)."""
    old = {r["submission"]: r for r in load_results(Path(old_grades))}
    new = {r["submission"]: r for r in load_results(Path(new_grades))}
    changes, same = [], 0
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a is None or b is None:
            there = a or b
            changes.append(Change(
                name, a and a["score"], b and b["score"], there["max_score"],
                there["max_score"], a["status"] if a else "absent",
                b["status"] if b else "absent",
                ["new submission"] if a is None else ["no longer in the batch"],
            ))  # fmt: skip
            continue
        if abs(a["score"] - b["score"]) < 1e-9 and a["status"] == b["status"]:
            same += 1
            continue
        changes.append(Change(name, a["score"], b["score"], a["max_score"], b["max_score"],
                              a["status"], b["status"], reasons(a, b),
                              changed_tests(a, b)))  # fmt: skip
    changes.sort(key=lambda c: (-abs(c.delta), c.submission))
    return changes, same


def _score(score: float | None, top: float) -> str:
    return "-" if score is None else f"{show(score)}/{show(top)}"


def render(changes: list[Change], same: int) -> str:
    """The text `grader diff` prints."""
    total = len(changes) + same
    lines = [f"{len(changes)} of {total} submissions change ({same} unchanged)."]
    if not changes:
        return lines[0] + " Publishing the new grades changes nobody's score.\n"
    why = Counter(w for c in changes for w in c.why)
    lines.append("why: " + "; ".join(f"{w}: {n}" for w, n in why.most_common()))
    by_test = Counter(t.nodeid for c in changes for t in c.tests)
    if by_test:
        lines.append("tests whose results changed (learners affected):")
        lines += [f"  {n:>4}  {nodeid}" for nodeid, n in by_test.most_common(SHOWN_TESTS)]
        if len(by_test) > SHOWN_TESTS:
            lines.append(f"        ... and {len(by_test) - SHOWN_TESTS} more tests")
    wide = max(len("submission"), *(len(c.submission) for c in changes))
    lines += ["", f"{'submission':<{wide}} {'old':>12} {'new':>12} {'change':>8}  why"]
    for c in changes:
        delta = f"{c.delta:+.4g}" if c.old_score is not None and c.new_score is not None else ""
        status = f" [{c.old_status} -> {c.new_status}]" if c.old_status != c.new_status else ""
        lines.append(f"{c.submission:<{wide}} {_score(c.old_score, c.max_old):>12} "
                     f"{_score(c.new_score, c.max_new):>12} {delta:>8}  "
                     f"{', '.join(c.why)}{status}")  # fmt: skip
        for t in c.tests[:SHOWN_TESTS]:
            lines.append(f"    {t.nodeid}: {t.old} -> {t.new} ({t.points:+.4g})")
        if len(c.tests) > SHOWN_TESTS:
            lines.append(f"    ... and {len(c.tests) - SHOWN_TESTS} more tests")
    return "\n".join(lines) + "\n"


def changes_csv(changes: list[Change]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", "old_score", "new_score", "change", "old_status",
                     "new_status", "why", "tests"])  # fmt: skip
    for c in changes:
        writer.writerow([c.submission, "" if c.old_score is None else show(c.old_score),
                         "" if c.new_score is None else show(c.new_score), f"{c.delta:+.4g}",
                         c.old_status, c.new_status, "; ".join(c.why),
                         "; ".join(f"{t.nodeid} {t.old}->{t.new}" for t in c.tests)])  # fmt: skip
    return buffer.getvalue()
