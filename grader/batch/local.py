"""Grade every submission in a folder: each subfolder or .zip is one submission.

Submissions are graded concurrently (`jobs` at a time), each in its own staging folder
and its own pytest process, sharing nothing. A broken submission costs only its own row.
Outputs in OUT: gradebook.csv (one row per submission), results/<name>.json (the result
JSON), feedback/<name>.txt (the learner's feedback). Results are cached in OUT/.cache
(grader/batch/cache.py): a regrade grades again only the submissions whose key changed, and
the gradebook's `cached` column says which rows were read back.
"""

from __future__ import annotations

import re
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from tqdm import tqdm

from grader.batch.cache import CACHE_DIR, ResultCache, course_digest, stamp
from grader.core.checkout import CHECKOUT, Checkout
from grader.core.options import Options
from grader.core.outcomes import Status
from grader.core.procs import kill_all
from grader.core.result import Result, show, write_atomic, write_json
from grader.intake.stage import stage
from grader.results.gradebook import gradebook_csv
from grader.results.text import feedback_text
from grader.run.runner import grade

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


def grade_batch(directory: Path, options: Options, course: Checkout = CHECKOUT) -> list[Result]:
    """Grade every submission of `directory` into options.run.out, `jobs` at a time; with
    `force`, grade all again, ignoring (and renewing) the cache."""
    run = options.run
    out = out_folder(directory, options)
    entries = discover(directory, exclude=out)
    cache = ResultCache(out / CACHE_DIR, options.verdict, course)
    results: list[Result] = []
    bar = progress_bar(len(entries), run.progress)
    pool = ThreadPoolExecutor(max_workers=max(1, run.jobs))
    try:
        futures = [
            pool.submit(grade_one, name, path, out, options, course, cache)
            for name, path in entries
        ]
        for future in as_completed(futures):
            results.append(future.result())
            tick(bar, results, len(entries), run.progress)
    except BaseException:  # Ctrl-C: drop the queue, end the runs in flight, keep what finished
        pool.shutdown(wait=False, cancel_futures=True)
        kill_all()
        write_gradebook(results, out, options)
        raise
    finally:
        bar.close()
        pool.shutdown(wait=True)
    return write_gradebook(results, out, options)


def out_folder(directory: Path, options: Options) -> Path:
    """Where a batch writes: --out, else a `grades` folder beside the submissions."""
    return (options.run.out or default_out(directory)).resolve()


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
    write_atomic(out / GRADEBOOK, gradebook_csv(results, options.verdict.parts))
    return results


def grade_one(
    name: str,
    path: Path,
    out: Path,
    options: Options,
    course: Checkout = CHECKOUT,
    cache: ResultCache | None = None,
) -> Result:
    """Stage, grade (or read from `cache`) and write the files of one submission; never
    raises."""
    result = grade_submission(name, path, options, course, cache)
    write_outputs(result, out)
    return result


def grade_submission(
    name: str,
    path: Path,
    options: Options,
    course: Checkout = CHECKOUT,
    cache: ResultCache | None = None,
) -> Result:
    """Stage and grade (or read from `cache`, unless options.run.force) one submission;
    never raises for a grader bug (status crashed)."""
    staged = stage(path, course, name=name)
    try:
        key = cache.key(staged) if cache is not None else None
        result = None if options.run.force or cache is None else cache.load(key)
        if result is None:
            result = grade(staged, options, course)
            stamp(result, staged, cache.course if cache is not None else course_digest(course))
            if cache is not None:
                cache.store(key, result)
        else:
            result.name, result.target = name, str(path)
    except Exception as exc:  # a grader bug must not stop the batch
        result = crashed(name, path, options, f"grader error: {type(exc).__name__}: {exc}")
    finally:
        staged.cleanup()
    return result


def crashed(name: str, path: Path, options: Options, why: str) -> Result:
    result = Result(name=name, target=str(path), parts=options.verdict.parts)
    result.status, result.why = Status.CRASHED, why
    return result


def write_outputs(result: Result, out: Path) -> None:
    """results/<name>.json and feedback/<name>.txt."""
    write_json(result, out / "results" / f"{result.name}.json")
    write_atomic(out / "feedback" / f"{result.name}.txt", feedback_text(result))
