"""`grader run`: one submission, or a batch (locally or on Dask); writes what was asked."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.batch import local as batch
from grader.batch.cache import course_digest, stamp
from grader.batch.cluster_setup import ClusterError
from grader.cli.arguments import options_from
from grader.cli.exits import SetupError, UsageError
from grader.core.checkout import CHECKOUT
from grader.core.options import Options
from grader.core.outcomes import FAILING, Status
from grader.core.procs import allow_runs
from grader.core.result import Result, write_atomic, write_batch_json, write_json
from grader.intake.stage import stage
from grader.results.gradescope_json import write_gradescope
from grader.results.junit import write_junit
from grader.results.prairielearn import write_prairielearn
from grader.results.text import batch_table, failure_lines, feedback_text, summary_table
from grader.run.confinement import NotGradable, sandbox_for
from grader.run.runner import grade


def run_command(args: argparse.Namespace) -> int:
    allow_runs()
    _check(args)
    try:
        options = options_from(args, sandbox_for(args.sandbox))
    except NotGradable as exc:
        raise SetupError(str(exc)) from None
    except ClusterError as exc:
        raise UsageError(str(exc)) from None
    if args.batch:
        return _batch(Path(args.target), options, args)
    return _one(args.target, options, args)


def _check(args: argparse.Namespace) -> None:
    target = args.target
    if target not in ("solutions", "stages") and not Path(target).exists():
        raise UsageError(f"TARGET {target!r} does not exist")
    if args.batch and (target in ("solutions", "stages") or not Path(target).is_dir()):
        raise UsageError("--batch needs a folder of submissions as TARGET")
    if args.batch and (args.gradescope or args.prairielearn):
        raise UsageError("--gradescope and --prairielearn write one submission's results.json: "
                         "not with --batch")  # fmt: skip
    if args.scheduler and not args.batch:
        raise UsageError("--scheduler is for --batch")
    if (args.out or args.force) and not args.batch:
        raise UsageError(
            "--out and --force are for --batch "
            "(use --json/--gradescope/--prairielearn/--junit/--feedback)"
        )


def _one(target: str, options: Options, args: argparse.Namespace) -> int:
    staged = stage(target)
    try:
        result = stamp(grade(staged, options), staged, course_digest(CHECKOUT))
    except Exception as exc:  # a grader bug: still write every requested file
        result = Result(name=staged.name, target=str(staged.source), parts=options.verdict.parts)
        result.status, result.why = Status.CRASHED, f"grader error: {type(exc).__name__}: {exc}"
    finally:
        staged.cleanup()
    written = []
    if args.json:
        written.append(write_json(result, args.json))
    if args.gradescope:
        written.append(write_gradescope(result, args.gradescope))
    if args.prairielearn:
        written.append(write_prairielearn(result, args.prairielearn))
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


def _batch(directory: Path, options: Options, args: argparse.Namespace) -> int:
    out = batch.out_folder(directory, options)
    if options.run.scheduler:
        from grader.batch.cluster import grade_on_cluster

        print(f"grading every submission in {directory} on Dask; outputs: {out}")
        try:
            results = grade_on_cluster(directory, options)
        except ClusterError as exc:
            raise UsageError(str(exc)) from None
    else:
        print(f"grading every submission in {directory} ({options.run.jobs} at a time); "
              f"outputs: {out}")  # fmt: skip
        results = batch.grade_batch(directory, options)
    cached = sum(r.cached for r in results)
    if cached:
        print(f"{cached} of {len(results)} results read from the cache (--force grades all)")
    if args.json:
        write_batch_json(results, args.json)
    if args.junit:
        write_junit(results, args.junit)
    print(batch_table(results, out, batch.GRADEBOOK))
    return 0 if results and all(r.full_marks for r in results) else 1
