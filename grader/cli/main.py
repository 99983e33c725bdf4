"""`uv run grader`: the instructor's command line (run, handout, stubs)."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import textwrap
import threading
from pathlib import Path

from coursekit.course import LEARNER_FILES
from coursekit.seam import PARTS
from grader.batch import local as batch_mod
from grader.core.outcomes import FAILING, Status
from grader.core.procs import allow_runs, kill_all
from grader.core.result import Result, write_atomic, write_json
from grader.intake.stage import COURSE, stage
from grader.results.formats import (
    failure_lines,
    feedback_text,
    summary_table,
    write_gradescope,
    write_junit,
)
from grader.run.runner import Options, grade, run_threads

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
  uv run grader gradescope autograder.zip      the autograder bundle to upload to Gradescope
  uv run grader report grades/                 class analytics of a batch (HTML, PNG, CSV)
  uv run grader similar submissions/           pairs of suspiciously alike submissions
  uv run grader stubs --check                  are the stubs in stages/ generated and current?

Run `uv run grader run --help` for every option of a grading run.
"""

INTAKE = textwrap.fill(
    "Grade TARGET: `solutions` (the reference), `stages` (the working copy), or a "
    "submission: a folder or .zip holding an s13_cnn/ folder at its top or one level down. "
    f"Only the learner's modules ({', '.join(LEARNER_FILES)}) are taken from a submission; "
    "a missing one is replaced by the stub (its tests fail, and the report says so). A "
    "submission's own tests, conftest.py, pytest.ini or other files are never copied and "
    "never run. Zips with absolute paths, `..`, symbolic links, or too many/too large "
    'members are refused (status "invalid").',
    width=88,
)

RUN_DESCRIPTION = INTAKE + """

Points come from grader/hidden/weights.py (default 1 per test function, split equally over a
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
why, seconds, cached), results/<name>.json and feedback/<name>.txt. Results are cached
in OUT/.cache by a hash of the submission's modules, the grader's code, the hidden suites,
the weights and the options: a second run grades only what changed (new or edited
submissions; everyone after an edit to the grader or a hidden test); --force grades all.
With --scheduler, each submission is a task on a Dask cluster (tcp://HOST:8786, or local:N
for N worker processes here), one per `grading` slot of a worker; the outputs are the same
(README: Grading on a cluster).

exit status:
  0  the target got full marks (--batch: every submission got full marks)
  1  it did not (a score below the maximum, or a status other than ok)
  2  usage or setup error: a bad option, a target that does not exist; a worker that
     cannot start, or is not confined on this machine (before grading, a worker probes
     its own confinement from the inside; the message names what is exposed and how to
     fix it). Only an explicit --sandbox none grades unconfined, and every output says so.
"""

RUN_EXAMPLES = """\
examples:
  uv run grader run solutions
  uv run grader run stages --part padding --part im2col --timeout 20
  uv run grader run ada.zip --json out/ada.json --gradescope /autograder/results/results.json
  uv run grader run submissions/ --batch --jobs 2 --out grades/ --junit grades/junit.xml
  uv run grader run submissions/ --batch --scheduler tcp://HOST:8786
  uv run grader run solutions --sandbox none        (unconfined: measures the worker's cost)

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


UNCONFINED_HINT = "\n(only --sandbox none grades without confinement: trusted code only)"


class SetupError(UsageError):
    """Exit status 2: the machine or the grader's install must be fixed before grading."""


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
        help="worker (default): learner code in a confined worker process; grading is "
        "refused (exit 2) where it would not be confined. none: in the grading process, "
        "UNCONFINED (trusted code only, and to measure the worker's cost)",
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
        "timeouts and crashes; canvas.csv for Canvas's gradebook import.",
        formatter_class=fmt,
        epilog="example:\n  uv run grader report grades/",
    )
    report.add_argument("grades", metavar="GRADES")
    report.add_argument("--out", metavar="DIR", help="where to write (default GRADES/report)")
    similar = commands.add_parser(
        "similar",
        help="pairs of submissions whose code is suspiciously alike (advisory, never scored)",
        description="Fingerprint every submission in SUBMISSIONS (subfolders and .zip files, "
        "staged as for grading: the five part modules) with copydetect (winnowing, "
        "identifiers normalised), the stubs' code as boilerplate. Writes OUT/similarity.csv "
        "(every pair, its score, flagged or not) and OUT/similarity.html (flagged pairs "
        "side by side, shared code highlighted). Advisory: a flag asks for a human look.",
        formatter_class=fmt,
        epilog="example:\n  uv run grader similar submissions/ --out similarity/",
    )
    similar.add_argument("submissions", metavar="SUBMISSIONS")
    similar.add_argument("--out", metavar="DIR", help="default SUBMISSIONS/../similarity")
    similar.add_argument(
        "--threshold", type=_positive, default=0.5, metavar="SHARE",
        help="flag a pair whose mean share of shared code is at least this (default: 0.5)",
    )  # fmt: skip

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


GRADESCOPE_DESCRIPTION = """\
Write OUT.zip, the autograder to upload to Gradescope (Autograder Settings: zip file
upload). setup.sh builds the grader's environment from this project's uv.lock when
Gradescope builds the image; run_autograder grades each submission (the learner uploads
the zip of their s13_cnn/ folder) with the confined worker and writes results.json:
visible tests visible, hidden tests shown after grades are published.

Limits: --timeout per test, --budget for the whole submission (keep it a few minutes
under Gradescope's timeout, 10 min by default: grading stops there and what finished
counts), --memory for the learner's worker; --max-per-day graded submissions per
--window-hours (from the submission's history; over it, the latest result is shown
again). Figures to choose them by are in README.md ("Gradescope").
"""


def _gradescope_parser(commands: argparse._SubParsersAction, fmt: type) -> None:
    from grader.gradescope.autograder import Settings

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
        "--part", action="append", choices=PARTS, metavar="NAME",
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
        help=f"address space of the learner's worker (default: {default.worker_memory})",
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


def _gradescope(args: argparse.Namespace) -> int:
    from grader.gradescope.autograder import Settings
    from grader.gradescope.bundle import build_bundle

    settings = Settings(
        timeout=args.timeout,
        budget=args.budget,
        worker_memory=args.memory,
        max_per_day=max(0, args.max_per_day),
        window_hours=args.window_hours,
        parts=tuple(p for p in PARTS if p in (args.part or PARTS)),
    )
    try:
        members = build_bundle(Path(args.out), settings, Path(args.mnist) if args.mnist else None)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote {args.out}: {len(members)} files; settings: {settings.to_dict()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = None
    if threading.current_thread() is threading.main_thread():
        # grading runs live in their own sessions: a SIGTERM (a cancelled CI job) must
        # take the same way out as Ctrl-C, which ends them
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args.command == "stubs":
            from grader.generate.stubs import main as stubs_main

            return stubs_main(check=args.check)
        if args.command == "handout":
            from grader.generate.handout import build_handout

            try:
                made = build_handout(Path(args.outdir))
            except (ValueError, FileExistsError, RuntimeError) as exc:
                raise UsageError(str(exc)) from None
            print(f"handout written to {made}; its README.md is the learner's quick start")
            return 0
        if args.command == "gradescope":
            return _gradescope(args)
        if args.command == "report":
            from grader.insight.class_report import write_report

            try:
                page = write_report(Path(args.grades), Path(args.out) if args.out else None)
            except FileNotFoundError as exc:
                raise UsageError(str(exc)) from None
            print(f"report written to {page}")
            return 0
        if args.command == "similar":
            return _similar(args)
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
    if (args.out or args.force) and not args.batch:
        raise UsageError(
            "--out and --force are for --batch (use --json/--gradescope/--junit/--feedback)"
        )
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
        result.status, result.why = Status.CRASHED, f"grader error: {type(exc).__name__}: {exc}"
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
    if not args.quiet and any(t.outcome in FAILING for t in result.tests):
        print("\nfailed tests:\n" + failure_lines(result))
    for path in written:
        print(f"wrote {path}")
    return 0 if result.full_marks else 1


def _run_batch(args: argparse.Namespace, options: Options) -> int:
    directory = Path(args.target)
    out = Path(args.out) if args.out else batch_mod.default_out(directory)
    if args.scheduler:
        from grader.batch.cluster import ClusterError, grade_on_cluster

        print(f"grading every submission in {directory} on Dask; outputs: {out}")
        try:
            results = grade_on_cluster(
                directory, out, options, args.scheduler, not args.no_progress, args.retries,
                force=args.force,
            )
        except ClusterError as exc:
            raise UsageError(str(exc)) from None
    else:
        print(f"grading every submission in {directory} ({args.jobs} at a time); outputs: {out}")
        results = batch_mod.grade_batch(
            directory, out, options, jobs=args.jobs, progress=not args.no_progress,
            force=args.force,
        )  # fmt: skip
    cached = sum(r.cached for r in results)
    if cached:
        print(f"{cached} of {len(results)} results read from the cache (--force grades all)")
    if args.json:
        import json

        from grader.core.result import RESULT_SCHEMA

        data = {"schema": RESULT_SCHEMA, "submissions": [r.to_dict() for r in results]}
        write_atomic(args.json, json.dumps(data, indent=2, default=repr) + "\n")
    if args.junit:
        write_junit(results, args.junit)
    width = max((len(r.name) for r in results), default=10)
    print(f"\n{'submission':<{width}}  {'score':>8}  {'max':>7}  status")
    for r in results:
        print(f"{r.name:<{width}}  {r.score:>8.2f}  {r.max_score:>7.2f}  {r.status}"
              + (f"  ({r.why[:100]})" if r.why else ""))  # fmt: skip
    statuses = {s: sum(r.status == s for r in results) for s in Status}
    print(
        f"\n{len(results)} submissions: "
        + ", ".join(f"{n} {s}" for s, n in statuses.items() if n)
        + f"\ngradebook: {out / batch_mod.GRADEBOOK}\nfeedback:  {out / 'feedback'}/"
        + f"\nresults:   {out / 'results'}/"
    )
    return 0 if results and all(r.full_marks for r in results) else 1


def _similar(args: argparse.Namespace) -> int:
    from grader.insight.similarity import compare

    directory = Path(args.submissions)
    if not directory.is_dir():
        raise UsageError(f"SUBMISSIONS {args.submissions!r} is not a folder")
    out = Path(args.out) if args.out else directory.resolve().parent / "similarity"
    try:
        pairs = compare(directory, out, args.threshold)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    flagged = [p for p in pairs if p.score >= args.threshold]
    for p in flagged:
        print(f"{p.a} ~ {p.b}: {p.score:.2f} ({p.share_a:.2f} / {p.share_b:.2f})")
    print(f"{len(flagged)} of {len(pairs)} pairs flagged (advisory); "
          f"{out / 'similarity.csv'}, {out / 'similarity.html'}")  # fmt: skip
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _sandbox(requested: str | None) -> str:
    """worker, once a worker has shown from the inside that it is confined here; none
    only when asked for. Anything else refuses to grade (fails closed)."""
    if requested == "none":
        print("grader: warning: --sandbox none: learner code runs UNCONFINED in the grading "
              "process (it can read the hidden tests and forge its score)", file=sys.stderr)
        return "none"
    if not sys.platform.startswith("linux"):
        raise SetupError(
            f"confined grading needs Linux (user namespaces or Landlock); this is "
            f"{sys.platform}. Grade on Linux (a container will do), or pass --sandbox none "
            "to grade UNCONFINED (trusted code only)")
    try:
        worker = importlib.import_module("grader.worker")
    except Exception as exc:
        raise SetupError(f"refusing to grade: the confined worker is not available "
                         f"({type(exc).__name__}: {exc}){UNCONFINED_HINT}") from None
    try:
        worker.check_confinement()
    except worker.WorkerSetupError as exc:
        raise SetupError(f"refusing to grade: {exc}{UNCONFINED_HINT}") from None
    return "worker"


if __name__ == "__main__":
    sys.exit(main())
