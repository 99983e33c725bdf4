"""The one place where `grader run`'s arguments become the run's Options."""

from __future__ import annotations

import argparse
from pathlib import Path

from coursekit.course import NAMES
from grader.batch.cluster_setup import LOCAL, local_workers
from grader.core.options import Options, RunOptions, Verdict
from grader.run.runner import run_threads


def options_from(args: argparse.Namespace, sandbox: str) -> Options:
    """`sandbox` is what confinement allows here (grader.run.confinement.sandbox_for)."""
    verdict = Verdict(
        parts=tuple(p for p in NAMES if p in (args.part or NAMES)),
        timeout=args.timeout,
        submission_timeout=args.submission_timeout or None,
        device=args.device,
        sandbox=sandbox,
    )
    return Options(verdict, RunOptions(
        jobs=args.jobs,
        shards=1 if args.batch else args.jobs,  # a batch's parallelism is its submissions
        threads=_threads(args),
        keep=args.keep,
        out=Path(args.out) if args.out else None,
        progress=not args.no_progress,
        force=args.force,
        scheduler=args.scheduler,
        retries=args.retries,
    ))  # fmt: skip


def _threads(args: argparse.Namespace) -> int | None:
    """BLAS threads per grading process, from how many share this machine (a remote Dask
    worker decides for itself: None)."""
    if args.scheduler:
        local = args.scheduler.startswith(LOCAL)
        return run_threads(local_workers(args.scheduler)) if local else None
    if args.batch:
        return run_threads(args.jobs)
    return run_threads(args.jobs) if args.jobs > 1 else None
