"""Whether learner code may be graded here: fail closed.

`sandbox_for(requested)` is "worker" once a fresh worker has shown, from the inside, that
it is confined on this machine; "none" only when the instructor asks for it. Anything
else raises NotGradable, whose message says what is exposed and how to fix it.
"""

from __future__ import annotations

import importlib
import sys

UNCONFINED_HINT = "\n(only --sandbox none grades without confinement: trusted code only)"


class NotGradable(Exception):
    """Learner code cannot be confined here; grading is refused."""


def sandbox_for(requested: str | None) -> str:
    if requested == "none":
        print("grader: warning: --sandbox none: learner code runs UNCONFINED in the grading "
              "process (it can read the hidden tests and forge its score)", file=sys.stderr)
        return "none"
    if not sys.platform.startswith("linux"):
        raise NotGradable(
            f"confined grading needs Linux (user namespaces or Landlock); this is "
            f"{sys.platform}. Grade on Linux (a container will do), or pass --sandbox none "
            "to grade UNCONFINED (trusted code only)")
    try:
        worker = importlib.import_module("grader.worker")
    except Exception as exc:
        raise NotGradable(f"refusing to grade: the confined worker is not available "
                          f"({type(exc).__name__}: {exc}){UNCONFINED_HINT}") from None
    try:
        worker.check_confinement()
    except worker.WorkerSetupError as exc:
        raise NotGradable(f"refusing to grade: {exc}{UNCONFINED_HINT}") from None
    return "worker"
