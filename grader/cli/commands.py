"""The instructor's other commands: handout, gradescope, report, similar, diff, stubs. Each reads
its arguments and hands the work to the package that does it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coursekit.course import NAMES
from grader.cli.exits import UsageError
from grader.core.result import write_atomic


def stubs(args: argparse.Namespace) -> int:
    from grader.generate.stubs import main as stubs_main

    return stubs_main(check=args.check)


def handout(args: argparse.Namespace) -> int:
    from grader.generate.handout import build_handout

    try:
        made = build_handout(Path(args.outdir))
    except (ValueError, FileExistsError, RuntimeError) as exc:
        raise UsageError(str(exc)) from None
    print(f"handout written to {made}; its README.md is the learner's quick start")
    return 0


def gradescope(args: argparse.Namespace) -> int:
    from grader.gradescope.bundle import build_bundle
    from grader.gradescope.settings import Settings

    settings = Settings(
        timeout=args.timeout,
        budget=args.budget,
        worker_memory=args.memory,
        max_per_day=max(0, args.max_per_day),
        window_hours=args.window_hours,
        parts=tuple(p for p in NAMES if p in (args.part or NAMES)),
    )
    try:
        members = build_bundle(Path(args.out), settings, Path(args.mnist) if args.mnist else None)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote {args.out}: {len(members)} files; settings: {settings.to_dict()}")
    return 0


def report(args: argparse.Namespace) -> int:
    from grader.insight.class_report import write_report
    from grader.insight.exports import ACCEPTED, RosterError, read_roster

    try:
        roster = read_roster(Path(args.roster)) if args.roster else None
        made = write_report(Path(args.grades), Path(args.out) if args.out else None, roster,
                            args.assignment)  # fmt: skip
    except (FileNotFoundError, RosterError) as exc:
        raise UsageError(str(exc)) from None
    for line in made.warnings:
        print(f"grader report: warning: {line}", file=sys.stderr)
    if roster is not None and roster.ignored:
        print(f"grader report: roster columns ignored: {', '.join(roster.ignored)} "
              f"(accepted: {ACCEPTED})", file=sys.stderr)  # fmt: skip
    print(f"report written to {made.index}")
    return 0


def similar(args: argparse.Namespace) -> int:
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


def diff(args: argparse.Namespace) -> int:
    from grader.insight.regrade_diff import changes_csv, compare, render

    try:
        changes, same = compare(Path(args.old), Path(args.new))
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    print(render(changes, same), end="")
    if args.csv:
        print(f"wrote {write_atomic(args.csv, changes_csv(changes))}")
    return 1 if changes else 0
