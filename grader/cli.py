"""`uv run grader`: the instructor's command line (run, handout)."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading
from pathlib import Path

from coursekit.seam import PARTS

from . import batch as batch_mod
from .formats import failure_lines, feedback_text, summary_table, write_gradescope, write_junit
from .report import Result, write_atomic, write_json
from .runner import Options, allow_runs, grade, kill_all, run_threads
from .submission import COURSE, stage

DESCRIPTION = """\
Grade stage 13 (a CNN from scratch in NumPy, NHWC) against the visible tests in
stages/s13_cnn and the hidden suites in grader/hidden. Learner code runs in a confined
worker process; the verdict is computed in a separate, trusted pytest process.
"""

EXAMPLES = """\
examples:
  uv run grader run solutions                  grade the reference solutions (full marks)
  uv run grader run stages --part padding      grade the working copy, padding part only
  uv run grader run ada.zip --json ada.json --gradescope results.json --junit ada.xml
  uv run grader run submissions/ --batch --jobs 2 --out grades/
  uv run grader handout ../s13-handout         build the learners' distribution

Run `uv run grader run --help` for every option of a grading run.
"""

RUN_DESCRIPTION = """\
Grade TARGET: `solutions` (the reference), `stages` (the working copy), or a submission:
a folder or .zip holding an s13_cnn/ folder at its top or one level down. Only the five
part modules (padding/padding.py, im2col/im2col.py, conv/conv.py, pooling/pooling.py,
lenet/lenet.py) are taken from a submission; a missing one is replaced by the stub (its
tests fail, and the report says so). A submission's own tests, conftest.py, pytest.ini
or other files are never copied and never run. Zips with absolute paths, `..`, symbolic
links, or too many/too large members are refused (status "invalid").

Points come from grader/weights.py (default 1 per test function, split equally over a
parametrized test's cases; weight 0 = informational; a skipped test is not scored). A part
scores the sum of its passed tests' points (partial credit). Per-test limit: --timeout, or
a test's @pytest.mark.budget; a test past it is stopped, reported "timeout", and grading
goes on.

Status: ok | timeout (a test, or the whole submission, ran past its limit; finished tests
still count) | crashed (the grading process died, or the worker crashed repeatedly) |
invalid (the submission could not be staged; score 0).

With --batch, TARGET is a folder in which each subfolder or .zip is one submission. They
are graded --jobs at a time, each in its own processes, with a progress bar; OUT (default
TARGET/../grades) receives gradebook.csv (submission, part scores, total, max, status,
why, seconds), results/<name>.json and feedback/<name>.txt. With --scheduler, each
submission is a task on a Dask cluster (tcp://HOST:8786, or local:N for N worker processes
here), one per `grading` slot of a worker; the outputs are the same (README: Grading on a
cluster).

exit status:
  0  the target got full marks (--batch: every submission got full marks)
  1  it did not (a score below the maximum, or a status other than ok)
  2  usage error: a bad option, a target that does not exist
"""

RUN_EXAMPLES = """\
examples:
  uv run grader run solutions
  uv run grader run stages --part padding --part im2col --timeout 20
  uv run grader run ada.zip --json out/ada.json --gradescope /autograder/results/results.json
  uv run grader run submissions/ --batch --jobs 2 --out grades/ --junit grades/junit.xml
  uv run grader run submissions/ --batch --scheduler tcp://HOST:8786
  uv run grader run solutions --sandbox none        (no worker: measures its cost)

result JSON (--json, and results/<name>.json in a batch):
  {"schema", "submission", "target", "status", "why", "score", "max_score",
   "parts": {part: {"score", "max_score", "tests", "passed", "informational", "duration"}},
   "notes": [...], "sandbox": {"mode", "confinement"}, "execution_time", "options",
   "tests": [{"nodeid", "name", "file", "function", "part", "suite" (visible|hidden),
              "outcome" and "status" (passed|failed|error|timeout|skipped), "points",
              "max_points", "informational", "duration", "feedback", "reproduce", "doc",
              "notes", "speed", "properties", "crashed", "scored_max"}]}
"""


class UsageError(Exception):
    """Exit status 2, like argparse's own errors."""


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
        "--part", action="append", choices=PARTS, metavar="NAME",
        help=f"grade only this part (repeatable; default: all, in order: {', '.join(PARTS)})",
    )  # fmt: skip
    out = run.add_argument_group("outputs")
    out.add_argument("--json", metavar="FILE", help="write the result JSON (batch: all of them)")
    out.add_argument(
        "--gradescope", metavar="FILE",
        help="write Gradescope's results.json (one submission only)",
    )  # fmt: skip
    out.add_argument("--junit", metavar="FILE", help="write JUnit XML, one testcase per test")
    out.add_argument("--feedback", metavar="FILE", help="write the learner's feedback text")
    out.add_argument(
        "-q", "--quiet", action="store_true", help="print only the summary table, no failures"
    )
    limits = run.add_argument_group("limits and environment")
    limits.add_argument(
        "--timeout", type=_positive, default=60.0, metavar="SECONDS",
        help="wall-clock limit of one test (default: 60; @pytest.mark.budget overrides it)",
    )  # fmt: skip
    limits.add_argument(
        "--submission-timeout", type=_non_negative, default=900.0, metavar="SECONDS",
        help="wall-clock cap of one whole submission; 0 = none (default: 900)",
    )  # fmt: skip
    limits.add_argument(
        "--device", choices=("auto", "cpu", "cuda"), default="auto",
        help="device of the torch references (S13_TORCH_DEVICE; default: auto)",
    )  # fmt: skip
    limits.add_argument(
        "--sandbox", choices=("worker", "none"), default=None,
        help="worker: learner code in a confined worker process (default when available); "
        "none: in the grading process, unconfined (fallback, and to measure the worker's cost)",
    )  # fmt: skip
    limits.add_argument(
        "--jobs", type=_jobs, default=min(2, os.cpu_count() or 1), metavar="N",
        help="concurrent grading processes: submissions at a time with --batch, else parts "
        "split over N processes (default: 2, or 1 on a one-core machine)",
    )  # fmt: skip
    limits.add_argument("--keep", action="store_true", help="keep the grading logs (debugging)")
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
        help="build the learners' distribution (everything but solutions and hidden tests)",
        description="Copy the project into OUTDIR for learners, leaving out solutions/, "
        "grader/hidden/, tests/, .git and local caches. OUTDIR must not exist (or be empty).",
        formatter_class=fmt,
        epilog="example:\n  uv run grader handout ../s13-handout",
    )
    handout.add_argument("outdir", metavar="OUTDIR")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = None
    if threading.current_thread() is threading.main_thread():
        # grading runs live in their own sessions: a SIGTERM (a cancelled CI job) must
        # take the same way out as Ctrl-C, which ends them
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args.command == "handout":
            from .handout import build_handout

            try:
                made = build_handout(Path(args.outdir))
            except (ValueError, FileExistsError) as exc:
                raise UsageError(str(exc)) from None
            print(f"handout written to {made}")
            return 0
        return _run(args)
    except UsageError as exc:
        parser.exit(2, f"grader: error: {exc}\n")
    except KeyboardInterrupt:
        kill_all()
        print("grader: interrupted", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 1


def _run(args: argparse.Namespace) -> int:
    allow_runs()
    target = args.target
    if target not in ("solutions", "stages") and not Path(target).exists():
        raise UsageError(f"TARGET {target!r} does not exist")
    if args.batch and (target in ("solutions", "stages") or not Path(target).is_dir()):
        raise UsageError("--batch needs a folder of submissions as TARGET")
    if args.batch and args.gradescope:
        raise UsageError("--gradescope writes one submission's results.json: not with --batch")
    if args.scheduler and not args.batch:
        raise UsageError("--scheduler is for --batch")
    if args.out and not args.batch:
        raise UsageError("--out is for --batch (use --json/--gradescope/--junit/--feedback)")
    options = Options(
        parts=tuple(p for p in PARTS if p in (args.part or PARTS)),
        timeout=args.timeout,
        submission_timeout=args.submission_timeout or None,
        device=args.device,
        sandbox=_sandbox(args.sandbox),
        keep=args.keep,
        course=COURSE,
    )
    if args.batch:
        return _run_batch(args, options)

    options.shards = args.jobs
    options.threads = run_threads(args.jobs) if args.jobs > 1 else None
    staged = stage(target)
    try:
        result = grade(staged, options)
    except Exception as exc:  # a grader bug: still write every requested file
        result = Result(name=staged.name, target=str(staged.source), parts=options.parts)
        result.status, result.why = "crashed", f"grader error: {type(exc).__name__}: {exc}"
    finally:
        staged.cleanup()
    written = []
    if args.json:
        written.append(write_json(result, args.json))
    if args.gradescope:
        written.append(write_gradescope(result, args.gradescope))
    if args.junit:
        written.append(write_junit([result], args.junit))
    if args.feedback:
        written.append(write_atomic(args.feedback, feedback_text(result)))
    print(summary_table(result))
    if not args.quiet and any(t.outcome in ("failed", "error", "timeout") for t in result.tests):
        print("\nfailed tests:\n" + failure_lines(result))
    for path in written:
        print(f"wrote {path}")
    return 0 if result.full_marks else 1


def _run_batch(args: argparse.Namespace, options: Options) -> int:
    directory = Path(args.target)
    out = Path(args.out) if args.out else batch_mod.default_out(directory)
    if args.scheduler:
        from .cluster import ClusterError, grade_on_cluster

        print(f"grading every submission in {directory} on Dask; outputs: {out}")
        try:
            results = grade_on_cluster(
                directory, out, options, args.scheduler, not args.no_progress, args.retries
            )
        except ClusterError as exc:
            raise UsageError(str(exc)) from None
    else:
        print(f"grading every submission in {directory} ({args.jobs} at a time); outputs: {out}")
        results = batch_mod.grade_batch(
            directory, out, options, jobs=args.jobs, progress=not args.no_progress
        )
    if args.json:
        import json

        from .report import RESULT_SCHEMA

        data = {"schema": RESULT_SCHEMA, "submissions": [r.to_dict() for r in results]}
        write_atomic(args.json, json.dumps(data, indent=2, default=repr) + "\n")
    if args.junit:
        write_junit(results, args.junit)
    width = max((len(r.name) for r in results), default=10)
    print(f"\n{'submission':<{width}}  {'score':>8}  {'max':>7}  status")
    for r in results:
        print(f"{r.name:<{width}}  {r.score:>8.2f}  {r.max_score:>7.2f}  {r.status}"
              + (f"  ({r.why[:100]})" if r.why else ""))  # fmt: skip
    statuses = {
        s: sum(r.status == s for r in results) for s in ("ok", "timeout", "crashed", "invalid")
    }
    print(
        f"\n{len(results)} submissions: "
        + ", ".join(f"{n} {s}" for s, n in statuses.items() if n)
        + f"\ngradebook: {out / batch_mod.GRADEBOOK}\nfeedback:  {out / 'feedback'}/"
        + f"\nresults:   {out / 'results'}/"
    )
    return 0 if results and all(r.full_marks for r in results) else 1


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _sandbox(requested: str | None) -> str:
    """worker when grader.worker imports; else none, with a clear message (or an error
    when the worker was asked for explicitly)."""
    if requested == "none":
        return "none"
    try:
        importlib.import_module("grader.worker").WorkerImpl  # noqa: B018
    except Exception as exc:
        if requested == "worker":
            raise UsageError(f"--sandbox worker: grader.worker is not available ({exc})") from None
        print(
            f"grader: warning: the confined worker is not available ({type(exc).__name__}: "
            f"{exc}); learner code will run in the grading process (--sandbox none)",
            file=sys.stderr,
        )
        return "none"
    return "worker"


if __name__ == "__main__":
    sys.exit(main())
