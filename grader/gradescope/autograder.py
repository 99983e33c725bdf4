"""Gradescope's side of the bundle: grade /autograder/submission, write results.json.

`run_autograder` (grader/gradescope/scripts/run_autograder) runs
`python -m grader.gradescope.autograder` as root in /autograder/source, once per
submission. This module

1. reads the instructor's settings (autograder.json, written by `grader gradescope`);
2. applies the rate limit: with `max_per_day` set, a submission that has as many graded
   submissions before it in the last `window_hours` (from submission_metadata.json's
   `previous_submissions`, counted from its `created_at`, so a regrade counts the same)
   is not graded: the latest previous results are shown again, with a message;
3. refuses to grade when the worker cannot run as a user of its own (the learner's code
   could then write results.json itself): the learner is told, the score is 0;
4. grades with the confined worker under the settings' limits, and writes results.json
   with the visible tests `visible` and the hidden ones `after_published`.

results.json is always written, once, whole; an error of the grader itself gives score 0
and a message that says it is not the learner's fault.

The root is $S13_AUTOGRADER_ROOT (default /autograder), so a test can lay out the tree
anywhere.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from grader.core.checkout import CHECKOUT
from grader.core.limits import Limits
from grader.core.result import write_atomic
from grader.gradescope.settings import SETTINGS_FILE, Settings
from grader.intake.stage import stage
from grader.results.gradescope_json import gradescope
from grader.run.runner import grade

HIDDEN_VISIBILITY = "after_published"


def root() -> Path:
    return Path(os.environ.get("S13_AUTOGRADER_ROOT", "/autograder"))


def main() -> int:
    base = root()
    results = base / "results" / "results.json"
    try:
        data = run(base)
    except Exception:  # a bug of the grader: say so, never blame the learner
        print(traceback.format_exc(), file=sys.stderr)  # stdout: instructors only
        data = {
            "score": 0,
            "output": "The autograder failed on this submission (an error in the grader, "
            "not in your code). Please tell your instructor.",
            "tests": [],
        }
    write_atomic(results, json.dumps(data, indent=2) + "\n")
    print(f"wrote {results}: score {data.get('score')}")
    return 0


def run(base: Path) -> dict[str, Any]:
    settings = Settings.from_dict(json.loads((CHECKOUT.root / SETTINGS_FILE).read_text()))
    metadata = _metadata(base / "submission_metadata.json")
    limited = rate_limited(metadata, settings)
    if limited is not None:
        return limited
    refusal = confinement_refusal(settings)
    if refusal:
        print(f"not graded: {refusal}", file=sys.stderr)
        return {
            "score": 0,
            "output": "Not graded: the autograder could not confine your code in this "
            "container, so it refused to run it. This is not your fault; please tell "
            "your instructor.",
            "tests": [],
            "extra_data": {"refused": refusal},
        }
    staged = stage(submission_target(base / "submission"), name="submission")
    try:
        result = grade(staged, settings.options())
    finally:
        staged.cleanup()
    print(f"status {result.status}; {result.why}; {result.confinement_line()}")
    data = gradescope(result, hidden_visibility=HIDDEN_VISIBILITY)
    data["extra_data"]["settings"] = settings.to_dict()
    return data


def submission_target(folder: Path) -> Path:
    """The folder, or the one .zip in it when that is all the learner uploaded."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")] if folder.is_dir() else []
    if len(entries) == 1 and entries[0].suffix.lower() == ".zip" and entries[0].is_file():
        return entries[0]
    return folder


def confinement_refusal(settings: Settings) -> str:
    """Why the worker may not grade here ("" when it may): it must run as another user."""
    from grader.worker import WorkerImpl

    limits = Limits.with_memory(settings.worker_memory)
    try:
        impl = WorkerImpl(CHECKOUT.stages_pkg.parent, limits=limits)
    except Exception as exc:
        return f"the worker did not start: {type(exc).__name__}: {exc}"
    try:
        report = impl.confinement()
    finally:
        impl.close()
    user = report.get("user") or {}
    if not user.get("switched"):
        return f"the worker could not run as a user of its own ({user.get('reason', '?')})"
    return ""


# -- rate limit -----------------------------------------------------------------------------


def _metadata(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _when(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def rate_limited(metadata: dict[str, Any], settings: Settings) -> dict[str, Any] | None:
    """results.json for a submission over the limit (the latest results again), else None."""
    if settings.max_per_day <= 0:
        return None
    now = _when(metadata.get("created_at"))
    previous = [p for p in metadata.get("previous_submissions") or [] if isinstance(p, dict)]
    if now is None or not previous:
        return None
    window = timedelta(hours=settings.window_hours)
    recent = [
        p for p in previous if (t := _when(p.get("submission_time"))) and now - window < t <= now
    ]
    if len(recent) < settings.max_per_day:
        return None
    latest = max(previous, key=lambda p: _when(p.get("submission_time")) or now)
    shown = dict(latest.get("results") or {})
    shown.setdefault("score", latest.get("score") or 0)
    shown.setdefault("tests", [])
    first = min(_when(p.get("submission_time")) for p in recent)
    again = first + window
    message = (
        f"Not graded: at most {settings.max_per_day} graded submission(s) per "
        f"{settings.window_hours:g} hours, and you have made {len(recent)} in that time. "
        f"You can submit again after {again.isoformat(timespec='minutes')}. "
        "Your latest graded result is shown below."
    )
    shown["output"] = message + ("\n\n" + shown["output"] if shown.get("output") else "")
    shown.setdefault("extra_data", {})["rate_limited"] = True
    return shown


if __name__ == "__main__":
    sys.exit(main())
