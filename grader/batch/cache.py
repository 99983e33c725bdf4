"""A cache of grading results, keyed by the content of everything that decides them.

    cache = ResultCache(out / CACHE_DIR, options)   # fingerprints the course once
    key = cache.key(staged)                          # None: not cacheable (invalid)
    result = cache.load(key)                         # a Result marked cached, or None
    cache.store(key, result)                         # no-op for a "crashed" result

A key is the SHA-256 of
- the staged submission: every file of its s13_cnn/ package (the learner's five modules,
  or the stubs used in their place, and the given files);
- the course: the grader's code (grader/, hidden suites and weights included), coursekit/,
  the visible tests and given files in stages/s13_cnn, conftest.py, pyproject.toml, uv.lock;
- the options that change a verdict (grader.core.options.Verdict, hashed whole) and where
  MNIST is.

So editing one hidden test file changes every key (everyone is regraded), and a new or
changed submission gets a key of its own (graded alone). "crashed" results are never
stored: a crash may be the machine's fault, and the next run tries again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from coursekit.course import LEARNER_FILES
from grader.core.checkout import Checkout
from grader.core.options import Verdict
from grader.core.outcomes import Status
from grader.core.result import Result, write_atomic
from grader.intake.stage import Staged

CACHE_DIR = ".cache"  # inside a batch's OUT folder
CACHE_SCHEMA = "s13-grader-cache/1"
GRADER_CODE = Path(__file__).resolve().parent
COURSE_FILES = ("grader", "coursekit", "conftest.py", "pyproject.toml", "uv.lock")
SKIPPED = ("__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache")


def files_under(path: Path) -> Iterator[Path]:
    """`path` itself when a file, else the files under it, sorted, without bytecode and tool
    caches: the files that can change a grade."""
    if path.is_file():
        yield path
    elif path.is_dir():
        for file in sorted(path.rglob("*")):
            rel = file.relative_to(path).parts
            if file.is_file() and not any(p in SKIPPED for p in rel) and file.suffix != ".pyc":
                yield file


def tree_digest(paths: Iterable[Path], base: Path | None = None) -> str:
    """SHA-256 over (path, bytes) of every file under `paths`, in sorted order; a path is
    labelled relative to `base` when under it, else to the folder given."""
    digest = hashlib.sha256()
    files: set[tuple[str, Path]] = set()
    for path in paths:
        given = path.parent if path.is_file() else path
        files |= {(_label(file, base, given), file.resolve()) for file in files_under(path)}
    for label, file in sorted(files):
        data = file.read_bytes()
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _label(path: Path, base: Path | None, given: Path) -> str:
    for top in (base, given):
        if top is not None and path.resolve().is_relative_to(top.resolve()):
            return path.resolve().relative_to(top.resolve()).as_posix()
    return path.resolve().as_posix()


def course_digest(course: Checkout) -> str:
    """The grader's code, the hidden suites, the weights and the visible suites."""
    paths = [course.root / name for name in COURSE_FILES]
    paths += [course.stages_pkg, course.hidden_dir, GRADER_CODE]
    return tree_digest(paths, course.root)


def stamp(result: Result, staged: Staged, course: str) -> Result:
    """Record in `result` what produced it: `course` (a course_digest) and the learner's
    modules as staged (with which parts were missing), or, for a submission that could not
    be staged, its source; `grader diff` reads them to say why a score changed."""
    if staged.root is not None:
        package = staged.root / "s13_cnn"
        modules = [package / rel for rel in LEARNER_FILES if (package / rel).is_file()]
        text = f"{tree_digest(modules, package)}\0{','.join(sorted(staged.missing))}"
        result.submission_digest = hashlib.sha256(text.encode()).hexdigest()
    elif staged.source.exists():
        result.submission_digest = tree_digest([staged.source])
    result.course_digest = course
    return result


def options_digest(verdict: Verdict) -> str:
    """Every verdict option, and where MNIST is read from."""
    mnist = os.environ.get("MNIST_DIR")
    where = str(Path(mnist).resolve()) if mnist else ""
    return hashlib.sha256(f"{verdict.digest()}\0{where}".encode()).hexdigest()


class ResultCache:
    """Results on disk, one JSON file per key, under `directory`."""

    def __init__(self, directory: Path, verdict: Verdict, course: Checkout):
        self.directory = Path(directory)
        self.course = course_digest(course)
        self.base = hashlib.sha256(f"{self.course}\0{options_digest(verdict)}".encode()).hexdigest()

    def key(self, staged: Staged) -> str | None:
        if staged.status != Status.OK or staged.root is None:
            return None  # staging is all an invalid submission costs: nothing to save
        # what staging noted (a module missing, replaced by the stub) is part of the verdict
        missing = ",".join(sorted(staged.missing))
        text = f"{self.base}\0{tree_digest([staged.root])}\0{missing}"
        return hashlib.sha256(text.encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def load(self, key: str | None) -> Result | None:
        if key is None:
            return None
        try:
            entry = json.loads(self.path(key).read_text(encoding="utf-8"))
            if entry.get("schema") != CACHE_SCHEMA or entry.get("key") != key:
                return None
            result = Result.from_dict(entry["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged: grade again
        result.cached = True
        return result

    def store(self, key: str | None, result: Result) -> None:
        if key is None or result.status == Status.CRASHED:
            return
        entry = {"schema": CACHE_SCHEMA, "key": key, "result": result.to_dict()}
        write_atomic(self.path(key), json.dumps(entry, default=repr) + "\n")
