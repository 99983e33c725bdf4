"""Grade one staged submission: its parts in one or more shards (grader/run/shard.py), merged.

With `shards > 1` the parts are split over that many concurrent pytest processes (each with
its own worker); results are merged. A whole-submission cap (`submission_timeout`) stops
a runaway run; what finished still counts. The status and its reasons are computed from
the merged results.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from coursekit.course import BY_NAME, NAMES, PACKAGE
from grader.core import limits
from grader.core.checkout import CHECKOUT, Checkout
from grader.core.options import Options, Verdict
from grader.core.outcomes import Outcome, Status, Suite
from grader.core.procs import kill_all
from grader.core.result import Result, TestResult
from grader.intake.stage import Staged
from grader.plugin.collecting import points_in
from grader.run.shard import Shard, run_shard

# rough relative cost of each part's suites, to balance shards
PART_COST = {name: p.cost for name, p in BY_NAME.items()}


def grade(staged: Staged, options: Options, course: Checkout = CHECKOUT) -> Result:
    """Grade a staged submission; never raises for anything the submission does."""
    verdict = options.verdict
    started = time.monotonic()
    result = Result(
        name=staged.name,
        target=str(staged.source),
        parts=verdict.parts,
        sandbox=verdict.sandbox,
        options=options.describe(),
    )
    if staged.status != Status.OK or staged.root is None:
        result.status, result.why = Status.INVALID, staged.why
        result.notes = list(staged.notes)
        result.tests = [_ungraded(part, staged.why, course) for part in verdict.parts]
        return result

    notes = list(staged.notes)
    for part in verdict.parts:
        if not course.visible_tests(part):
            notes.append(f"{part}: no visible tests found in stages/s13_cnn/{part}/")
        if not course.hidden_tests(part):
            notes.append(f"{part}: hidden suite not found (grader/hidden/): visible tests only")

    private = Path(tempfile.mkdtemp(prefix="grader-run-"))  # 0700: ours alone
    cap = verdict.submission_timeout
    deadline_at = started + cap if cap else None
    groups = split_parts(verdict.parts, options.run.shards)
    try:
        if len(groups) == 1:
            shards = [run_shard(staged, groups[0], options, course, private, "s0", deadline_at)]
        else:
            with ThreadPoolExecutor(max_workers=len(groups)) as pool:
                futures = [
                    pool.submit(
                        run_shard, staged, g, options, course, private, f"s{i}", deadline_at
                    )
                    for i, g in enumerate(groups)
                ]
                try:
                    shards = [f.result() for f in futures]
                except BaseException:
                    kill_all()
                    raise
    finally:
        if options.run.keep:
            notes.append(f"grading files kept in {private}")
        else:
            shutil.rmtree(private, ignore_errors=True)

    result.tests = _merge(shards, verdict.parts)
    result.confinement = next((s.confinement for s in shards if s.confinement), {}) or {}
    for test in result.tests:
        for note in test.notes:
            if note not in notes:
                notes.append(note)
    result.notes = notes
    result.status, result.why = _status(shards, result.tests, verdict, staged)
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
    order = {p: i for i, p in enumerate(NAMES)}
    return [tuple(sorted(g, key=lambda p: order.get(p, 99))) for g in groups if g]


# -- merging and status -----------------------------------------------------------------------


def _ungraded(part: str, why: str, course: Checkout) -> TestResult:
    """A part of an unusable submission: 0 of the points its tests carry, and why."""
    files = [*course.visible_tests(part), *course.hidden_tests(part)]
    return TestResult(
        nodeid=f"{part}::submission", file="", function="submission", part=part,
        suite=Suite.OTHER, max_points=points_in(files), doc="the submission could be graded",
        reproduce="", outcome=Outcome.ERROR, duration=0.0, feedback=f"not graded: {why}",
    )  # fmt: skip


def _uncompiled(staged: Staged, parts: Sequence[str]) -> list[str]:
    """The submitted modules of these parts that are not valid Python, with where."""
    found = []
    for rel in (f for p in parts if p not in staged.missing for f in BY_NAME[p].learner_files):
        path = staged.root / PACKAGE / rel if staged.root else None
        try:
            if path is not None and path.is_file():
                compile(path.read_bytes(), rel, "exec", dont_inherit=True)  # never run here
        except (SyntaxError, ValueError) as exc:
            line = f" line {exc.lineno}" if getattr(exc, "lineno", None) else ""
            found.append(f"{rel} is not valid Python ({type(exc).__name__}{line}: "
                         f"{getattr(exc, 'msg', exc)}): every test of its part fails")
    return found


def _merge(shards: list[Shard], parts: Sequence[str]) -> list[TestResult]:
    order = {p: i for i, p in enumerate(parts)}
    tests = []
    for shard in shards:
        for nodeid, info in shard.info.items():
            ended = shard.outcome_of(nodeid)
            tests.append(TestResult(**{**vars(info), **vars(ended)}))
    suite_order = {Suite.VISIBLE: 0, Suite.HIDDEN: 1}
    tests.sort(key=lambda t: (order.get(t.part, 99), suite_order.get(t.suite, 2)))
    return tests


def _status(
    shards: list[Shard], tests: list[TestResult], verdict: Verdict, staged: Staged
) -> tuple[Status, str]:
    why: list[str] = []
    crashes = [t for t in tests if t.crashed]
    died = [d for s in shards for d in s.died]
    collect = [e for s in shards for e in s.collect_errors]
    timeouts = [t for t in tests if t.outcome == Outcome.TIMEOUT]
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
    status = Status.CRASHED if why else Status.OK
    broken = _uncompiled(staged, verdict.parts)
    if broken:
        why.extend(broken)
        status = Status.INVALID if status == Status.OK else status
    if capped:
        why.append(limits.capped_run(verdict.submission_timeout))
    if timeouts:
        names = ", ".join(t.name for t in timeouts[:3]) + (", ..." if len(timeouts) > 3 else "")
        why.append(limits.tests_past_limit(len(timeouts), names))
    if status == Status.OK and (capped or timeouts):
        status = Status.TIMEOUT
    if staged.missing:
        stubbed = (f for p in staged.missing for f in BY_NAME[p].learner_files)
        why.append("stub used for missing " + ", ".join(stubbed))
    return status, "; ".join(why)


def run_threads(jobs: int) -> int:
    """BLAS threads per grading process when `jobs` of them share this machine."""
    return max(1, (os.cpu_count() or 1) // max(1, jobs))
