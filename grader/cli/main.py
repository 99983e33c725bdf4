"""`uv run grader`: parse the command line, run the command, exit with its status."""

from __future__ import annotations

import signal
import sys
import threading

from grader.cli import commands
from grader.cli.exits import UsageError
from grader.cli.parser import build_parser
from grader.cli.run_command import run_command
from grader.core.procs import kill_all

COMMANDS = {
    "run": run_command,
    "stubs": commands.stubs,
    "handout": commands.handout,
    "gradescope": commands.gradescope,
    "report": commands.report,
    "similar": commands.similar,
    "diff": commands.diff,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = None
    if threading.current_thread() is threading.main_thread():
        # grading runs live in their own sessions: a SIGTERM (a cancelled CI job) must
        # take the same way out as Ctrl-C, which ends them
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return COMMANDS[args.command](args)
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


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
