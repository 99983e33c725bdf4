"""Grade every submission in a folder: each subfolder or .zip is one submission.

Submissions are graded concurrently (`jobs` at a time), each in its own staging folder
and its own pytest process, sharing nothing. A broken submission costs only its own row.
Outputs in OUT: gradebook.csv (one row per submission), results/<name>.json (the result
JSON), feedback/<name>.txt (the learner's feedback).
"""

from __future__ import annotations

import re
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path

from tqdm import tqdm

from .formats import feedback_text, gradebook_csv
from .report import Result, show, write_atomic, write_json
from .runner import Options, grade, kill_all, run_threads
from .submission import stage

GRADEBOOK = "gradebook.csv"


def discover(directory: Path, exclude: Path | None = None) -> list[tuple[str, Path]]:
    """(name, path) of each submission: subfolders and .zip files, names made unique."""
    found = []
    seen: set[str] = set()
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or (exclude is not None and path.resolve() == exclude):
            continue
        if not (path.is_dir() or (path.is_file() and path.suffix.lower() == ".zip")):
            continue
        base = safe_name(path.stem if path.is_file() else path.name)
        name, n = base, 1
        while name in seen:
            n += 1
            name = f"{base}-{n}"
        seen.add(name)
        found.append((name, path))
    return found


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "submission"


def default_out(directory: Path) -> Path:
    return directory.resolve().parent / "grades"


def grade_batch(
    directory: Path, out: Path, options: Options, jobs: int = 2, progress: bool = True
) -> list[Result]:
    out = out.resolve()
    entries = discover(directory, exclude=out)
    options = replace(options, shards=1, threads=options.threads or run_threads(jobs))
    results: list[Result] = []
    bar = progress_bar(len(entries), progress)
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = [pool.submit(grade_one, name, path, out, options) for name, path in entries]
        for future in as_completed(futures):
            results.append(future.result())
            tick(bar, results, len(entries), progress)
    except BaseException:  # Ctrl-C: drop the queue, end the runs in flight, keep what finished
        pool.shutdown(wait=False, cancel_futures=True)
        kill_all()
        write_gradebook(results, out, options)
        raise
    finally:
        bar.close()
        pool.shutdown(wait=True)
    return write_gradebook(results, out, options)


def progress_bar(total: int, progress: bool) -> tqdm:
    """A bar on a terminal; elsewhere (logs, CI) `tick` prints one line per submission."""
    return tqdm(total=total, desc="grading", unit="submission", file=sys.stderr,
                disable=None if progress else True)  # fmt: skip


def tick(bar: tqdm, results: list[Result], total: int, progress: bool) -> None:
    """Show the submission just finished (the last of `results`)."""
    result = results[-1]
    line = f"{result.name}: {result.status} {show(result.score)}/{show(result.max_score)}"
    if bar.disable and progress:
        print(f"graded {len(results)}/{total}  {line}", file=sys.stderr)
    bar.set_postfix_str(line, refresh=False)
    bar.update()


def write_gradebook(results: list[Result], out: Path, options: Options) -> list[Result]:
    """gradebook.csv of `results` (sorted by name, in place); -> results."""
    results.sort(key=lambda r: r.name)
    write_atomic(out / GRADEBOOK, gradebook_csv(results, options.parts))
    return results


def grade_one(name: str, path: Path, out: Path, options: Options) -> Result:
    """Stage, grade and write the files of one submission; never raises."""
    result = grade_submission(name, path, options)
    write_outputs(result, out)
    return result


def grade_submission(name: str, path: Path, options: Options) -> Result:
    """Stage and grade one submission; never raises for a grader bug (status crashed)."""
    staged = stage(path, options.course, name=name)
    try:
        result = grade(staged, options)
    except Exception as exc:  # a grader bug must not stop the batch
        result = crashed(name, path, options, f"grader error: {type(exc).__name__}: {exc}")
    finally:
        staged.cleanup()
    return result


def crashed(name: str, path: Path, options: Options, why: str) -> Result:
    result = Result(name=name, target=str(path), parts=tuple(options.parts))
    result.status, result.why = "crashed", why
    return result


def write_outputs(result: Result, out: Path) -> None:
    """results/<name>.json and feedback/<name>.txt."""
    write_json(result, out / "results" / f"{result.name}.json")
    write_atomic(out / "feedback" / f"{result.name}.txt", feedback_text(result))
