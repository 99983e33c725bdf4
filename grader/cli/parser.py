"""`grader`'s argument parser: every command, option and help text; no work is done here."""

from __future__ import annotations

import argparse
import os

from coursekit.course import NAMES
from grader.cli.texts import (
    DESCRIPTION,
    EXAMPLES,
    GRADESCOPE_DESCRIPTION,
    RUN_DESCRIPTION,
    RUN_EXAMPLES,
)
from grader.core import limits
from grader.gradescope.settings import Settings
from grader.insight.exports import ASSIGNMENT


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def _non_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def _jobs(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {text}")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="grader", description=DESCRIPTION, epilog=EXAMPLES, formatter_class=fmt
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser(
        "run",
        help="grade solutions, the working copy, a submission, or a folder of them",
        description=RUN_DESCRIPTION,
        epilog=RUN_EXAMPLES,
        formatter_class=fmt,
    )
    run.add_argument("target", metavar="TARGET", help="solutions | stages | FOLDER | FILE.zip")
    run.add_argument(
        "--part", action="append", choices=NAMES, metavar="NAME",
        help=f"grade only this part (repeatable; default: all, in order: {', '.join(NAMES)})",
    )  # fmt: skip
    out = run.add_argument_group("outputs")
    out.add_argument("--json", metavar="FILE", help="write the result JSON (batch: all of them)")
    out.add_argument(
        "--gradescope", metavar="FILE",
        help="write Gradescope's results.json (one submission only)",
    )  # fmt: skip
    out.add_argument(
        "--prairielearn", metavar="FILE",
        help="write PrairieLearn's external-grader results.json (one submission only)",
    )  # fmt: skip
    out.add_argument("--junit", metavar="FILE", help="write JUnit XML, one testcase per test")
    out.add_argument("--feedback", metavar="FILE", help="write the learner's feedback text")
    out.add_argument(
        "-q", "--quiet", action="store_true", help="print only the summary table, no failures"
    )
    bounds = run.add_argument_group("limits and environment")
    bounds.add_argument(
        "--timeout", type=_positive, default=limits.TEST_TIMEOUT, metavar="SECONDS",
        help=f"wall-clock limit of one test (default: {limits.TEST_TIMEOUT:g}; "
        "@pytest.mark.budget overrides it)",
    )  # fmt: skip
    bounds.add_argument(
        "--submission-timeout", type=_non_negative, default=limits.SUBMISSION_TIMEOUT,
        metavar="SECONDS",
        help=f"wall-clock cap of one whole submission; 0 = none "
        f"(default: {limits.SUBMISSION_TIMEOUT:g})",
    )  # fmt: skip
    bounds.add_argument(
        "--device", choices=("auto", "cpu", "cuda"), default="auto",
        help="device of the torch references (S13_TORCH_DEVICE; default: auto)",
    )  # fmt: skip
    bounds.add_argument(
        "--sandbox", choices=("worker", "none"), default=None,
        help="worker (default): learner code in a confined worker process; grading is "
        "refused (exit 2) where it would not be confined. none: in the grading process, "
        "UNCONFINED (trusted code only, and to measure the worker's cost)",
    )  # fmt: skip
    bounds.add_argument(
        "--jobs", type=_jobs, default=min(2, os.cpu_count() or 1), metavar="N",
        help="concurrent grading processes: submissions at a time with --batch, else parts "
        "split over N processes (default: 2, or 1 on a one-core machine)",
    )  # fmt: skip
    bounds.add_argument("--keep", action="store_true", help="keep the grading logs (debugging)")
    many = run.add_argument_group("batch")
    many.add_argument(
        "--batch", action="store_true", help="TARGET is a folder of submissions: grade each"
    )
    many.add_argument(
        "--out", metavar="DIR",
        help="batch outputs (gradebook.csv, results/, feedback/); default TARGET/../grades",
    )  # fmt: skip
    many.add_argument("--no-progress", action="store_true", help="no progress bar")
    many.add_argument(
        "--force", action="store_true",
        help="grade every submission again, ignoring the results cached in OUT/.cache",
    )  # fmt: skip
    many.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="grade on a Dask cluster: tcp://HOST:8786 (a running `dask scheduler`), or "
        "local:N (a LocalCluster of N worker processes here); see README, Grading on a cluster",
    )  # fmt: skip
    many.add_argument(
        "--retries", type=_count, default=2, metavar="N",
        help="with --scheduler local:N: reschedules of a submission whose Dask worker died "
        "(default: 2; a remote scheduler's own distributed.scheduler.allowed-failures rules)",
    )  # fmt: skip

    handout = commands.add_parser(
        "handout",
        help="build the learners' distribution (stubs, visible tests, READMEs; no grader)",
        description="Write the learners' copy of the project into OUTDIR: their own "
        "README (quick start, the parts in order, self-check, how to submit), a "
        "pyproject.toml and uv.lock with only what the visible tests need (numpy, pytest, "
        "hypothesis; a `lenet` group for training), conftest.py, coursekit/ and "
        "stages/s13_cnn/. No grader code, hidden test, solution or torch. OUTDIR must "
        "not exist (or be empty).",
        formatter_class=fmt,
        epilog="example:\n  uv run grader handout ../s13-handout",
    )
    handout.add_argument("outdir", metavar="OUTDIR")
    _gradescope_parser(commands, fmt)
    report = commands.add_parser(
        "report",
        help="class analytics of a batch: scores, item analysis, failure clusters (HTML)",
        description="Read GRADES/results/*.json (a --batch's outputs) and write "
        "GRADES/report/index.html with PNGs and CSVs: score distributions overall and per "
        "part; item analysis (pass rate and point-biserial discrimination per test); "
        "failure clusters by failed-test set and by likely-mistake line; time per part; "
        "timeouts and crashes; canvas.csv for Canvas's gradebook import (with --roster: "
        "the students' names, SIS ids and logins; warnings name submissions missing from "
        "the roster and roster rows with no submission).",
        formatter_class=fmt,
        epilog="example:\n  uv run grader report grades/",
    )
    report.add_argument("grades", metavar="GRADES")
    report.add_argument("--out", metavar="DIR", help="where to write (default GRADES/report)")
    report.add_argument(
        "--roster", metavar="CSV",
        help="map submissions to students for canvas.csv: first column the submission folder "
        "(or Gradescope submission id), then columns headed name, sis_id (or 'SIS User ID', "
        "student id) and login (or 'SIS Login ID', username, email); see "
        "grader/insight/exports.py",
    )  # fmt: skip
    report.add_argument(
        "--assignment", metavar="NAME", default=ASSIGNMENT,
        help=f"the assignment's column in canvas.csv (default: {ASSIGNMENT!r})",
    )  # fmt: skip
    similar = commands.add_parser(
        "similar",
        help="pairs of submissions whose code is suspiciously alike (advisory, never scored)",
        description="Fingerprint every submission in SUBMISSIONS (subfolders and .zip files, "
        "staged as for grading: the five part modules) with copydetect (winnowing, "
        "identifiers normalised), the stubs' code as boilerplate. Writes OUT/similarity.csv "
        "(every pair, its score, flagged or not) and OUT/similarity.html (every pair ranked "
        "against the threshold, then the flagged pairs side by side, the shared code marked, "
        "named by their paths in SUBMISSIONS). Advisory: a flag asks for a human look.",
        formatter_class=fmt,
        epilog="example:\n  uv run grader similar submissions/ --out similarity/",
    )
    similar.add_argument("submissions", metavar="SUBMISSIONS")
    similar.add_argument("--out", metavar="DIR", help="default SUBMISSIONS/../similarity")
    similar.add_argument(
        "--threshold", type=_positive, default=0.5, metavar="SHARE",
        help="flag a pair whose mean share of shared code is at least this (default: 0.5)",
    )  # fmt: skip

    diff = commands.add_parser(
        "diff",
        help="before publishing a regrade: whose scores change, on which tests, and why",
        description="Compare two batches of the same class (OLD_GRADES/results/*.json and "
        "NEW_GRADES/results/*.json) and list only the submissions whose score or status "
        "changed: by how much, on which tests, and why, from the digests each result "
        "records: course changed, submission changed, options changed, or none of them "
        "(flaky). Exit status: 0 when nothing changes, 1 when something does.",
        formatter_class=fmt,
        epilog="example:\n  uv run grader run submissions/ --batch --out grades-v2\n"
        "  uv run grader diff grades/ grades-v2/",
    )
    diff.add_argument("old", metavar="OLD_GRADES")
    diff.add_argument("new", metavar="NEW_GRADES")
    diff.add_argument("--csv", metavar="FILE", help="also write the changes as CSV")

    stubs = commands.add_parser(
        "stubs",
        help="write the learner's stubs in stages/ from the single source in solutions/",
        description="Generate stages/s13_cnn/<part>/<module>.py from solutions/s13_cnn: "
        "solution blocks become NotImplementedError, given code is copied "
        "(see grader/generate/stubs.py).",
        formatter_class=fmt,
    )
    stubs.add_argument(
        "--check", action="store_true",
        help="write nothing; list the stubs that differ and exit 1 if any does",
    )  # fmt: skip
    return parser


def _gradescope_parser(commands: argparse._SubParsersAction, fmt: type) -> None:
    default = Settings()
    bundle = commands.add_parser(
        "gradescope",
        help="build the Gradescope autograder bundle (setup.sh + run_autograder)",
        description=GRADESCOPE_DESCRIPTION,
        formatter_class=fmt,
        epilog="example:\n  uv run grader gradescope autograder.zip --budget 420 --max-per-day 5",
    )
    bundle.add_argument("out", metavar="OUT.zip")
    bundle.add_argument(
        "--part", action="append", choices=NAMES, metavar="NAME",
        help="grade only this part (repeatable; default: all)",
    )  # fmt: skip
    bundle.add_argument(
        "--timeout", type=_positive, default=default.timeout, metavar="SECONDS",
        help=f"wall-clock limit of one test (default: {default.timeout:g})",
    )  # fmt: skip
    bundle.add_argument(
        "--budget", type=_positive, default=default.budget, metavar="SECONDS",
        help=f"wall-clock cap of one whole submission (default: {default.budget:g})",
    )  # fmt: skip
    bundle.add_argument(
        "--memory", type=_jobs, default=default.worker_memory, metavar="MIB",
        help="memory of the learner's code: its cgroup's memory.max where the grader can "
        f"make one, else RLIMIT_DATA per process (default: {default.worker_memory})",
    )  # fmt: skip
    bundle.add_argument(
        "--max-per-day", type=int, default=default.max_per_day, metavar="N",
        help="graded submissions per window; 0 = no limit (default: 0)",
    )  # fmt: skip
    bundle.add_argument(
        "--window-hours", type=_positive, default=default.window_hours, metavar="HOURS",
        help=f"the rate limit's window (default: {default.window_hours:g})",
    )  # fmt: skip
    bundle.add_argument(
        "--mnist", metavar="DIR",
        help="put MNIST's four .gz files in the bundle (else the accuracy check trains on "
        "scikit-learn's digits)",
    )  # fmt: skip


