"""Grade a batch on a Dask distributed cluster: one task per submission.

    uv run grader run submissions/ --batch --scheduler tcp://HOST:8786
    uv run grader run submissions/ --batch --scheduler local:2     (a LocalCluster here)

Each task runs the grader's own pipeline on a Dask worker (batch.grade_submission:
staging, the confined worker, the hidden suites) and returns the result JSON as data.
Tasks write nothing: the client alone writes results/, feedback/ and the gradebook, from
the first result it gets for each submission, with the code of a local batch. So a task
that runs twice (its worker was lost, then reappeared) cannot show up twice, and the
outputs are those of a local batch.

- A task holds one `grading` resource: a worker started with `--resources grading=N`
  runs at most N confined graders at once (give it N = its cores, and --nthreads N).
- A worker that dies mid-task (out of memory, node lost) has its task rescheduled on
  another worker by the scheduler, up to distributed.scheduler.allowed-failures times
  (`retries`, set here for a LocalCluster); past that the submission is `crashed`,
  saying so, and the batch goes on. A task that raises is `crashed` too.
- Before any task, every worker must hold the same course as the client (a SHA-256 of
  each file of the grader, hidden suites, coursekit, visible tests, pyproject.toml,
  uv.lock, plus the Python and key package versions) and see the submissions folder at
  the same path; otherwise nothing is graded and the message names what differs.
- Ctrl-C: the tasks not started are cancelled, the graders in flight are killed on every
  worker, and the gradebook is written for what finished.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from grader.batch import local as batch
from grader.batch.cache import CACHE_DIR, ResultCache, files_under
from grader.core.procs import allow_runs, kill_all
from grader.core.result import Result
from grader.intake.stage import COURSE, Course, stage
from grader.run.runner import Options, run_threads

RESOURCE = "grading"
LOCAL = "local:"
RETRIES = 2  # reschedules of a task whose worker died, before it counts as crashed
COURSE_FILES = ("grader", "coursekit", "stages", "conftest.py", "pyproject.toml", "uv.lock")
PACKAGES = ("numpy", "torch", "pytest", "hypothesis", "distributed")
WORKER_WAIT = 60.0  # seconds to wait for a first worker to join a remote scheduler
# A LocalCluster shares its cores with the graders, so its own housekeeping is slowed down:
# idle, with Dask's defaults, it used 0.12-0.16 of a core here; with these, 0.03.
LOCAL_CONFIG = {
    "distributed.admin.system-monitor.interval": "2s",  # default 500ms
    "distributed.worker.memory.monitor-interval": "1s",  # default 100ms
    "distributed.admin.tick.interval": "200ms",  # default 20ms
    "distributed.worker.profile.enabled": False,  # for the dashboard, which is off
}


class ClusterError(Exception):
    """The cluster cannot grade this batch; the message says why and what to do."""


def grade_on_cluster(
    directory: Path,
    out: Path,
    options: Options,
    scheduler: str,
    progress: bool = True,
    retries: int = RETRIES,
    force: bool = False,
) -> list[Result]:
    """Grade every submission of `directory` on the Dask cluster `scheduler`; results
    cached in OUT/.cache by a local batch or an earlier cluster run are read back, not
    regraded (unless `force`)."""
    out = out.resolve()
    entries = batch.discover(directory, exclude=out)
    if scheduler.startswith(LOCAL):  # N workers share this machine's cores
        options = replace(options, threads=options.threads or run_threads(local_workers(scheduler)))
    with connect(scheduler, retries) as client:
        slots = check_workers(client, options.course, directory, out, [n for n, _ in entries])
        print(
            f"Dask scheduler {client.scheduler.address}: {slots} grading slots on "
            f"{len(client.scheduler_info()['workers'])} workers, the same course on each; "
            f"a task whose worker dies is retried up to "
            f"{client.run_on_scheduler(_allowed_failures)} times",
            file=sys.stderr,
        )
        return _grade_all(client, entries, out, options, progress, force)


def _grade_all(
    client: Any,
    entries: list[tuple[str, Path]],
    out: Path,
    options: Options,
    progress: bool,
    force: bool = False,
) -> list[Result]:
    """Keep as many tasks in flight as the cluster has grading slots: a task waits on the
    client, not on a worker, so a worker that dies takes down only the tasks it was
    running (Dask counts a death against every task a worker holds)."""
    from distributed import as_completed

    options = replace(options, shards=1)
    batch_id = uuid.uuid4().hex[:8]
    cache = ResultCache(out / CACHE_DIR, options)
    running: dict[Any, tuple[str, Path, str | None]] = {}
    done = as_completed()
    slots = Slots(client)
    results: list[Result] = []
    bar = batch.progress_bar(len(entries), progress)
    waiting = []
    twins: dict[str, list[tuple[str, Path]]] = {}  # key -> later submissions of that content
    for name, path in entries:  # a hit costs a staging here (milliseconds), no task
        key, hit = _cached(cache, name, path, options, force)
        if hit is not None:
            results.append(hit)
            batch.write_outputs(hit, out)
            batch.tick(bar, results, len(entries), progress)
        elif key is not None and key in twins:  # graded once, read back for the others
            twins[key].append((name, path))
        else:
            waiting.append((name, path, key))
            if key is not None:
                twins[key] = []
    waiting.reverse()

    def finish(result: Result, key: str | None) -> None:
        results.append(result)
        cache.store(key, result)
        batch.write_outputs(result, out)
        batch.tick(bar, results, len(entries), progress)
        for name, path in twins.pop(key, []):
            twin = cache.load(key)  # None when not stored (crashed): grade it after all
            if twin is None:
                waiting.append((name, path, key))
                continue
            twin.name, twin.target = name, str(path)
            finish(twin, None)

    def submit() -> None:
        while waiting and len(running) < slots.total():
            name, path, key = waiting.pop()
            future = client.submit(
                grade_task, name, str(path), options, key=f"grade-{batch_id}-{name}",
                resources={RESOURCE: 1}, pure=False,
            )  # fmt: skip
            running[future] = (name, path, key)
            done.add(future)

    try:
        submit()
        for future in done:
            name, path, key = running.pop(future)
            finish(_collect(future, name, path, options), key)
            submit()
    except BaseException:  # Ctrl-C: nothing more is sent; the graders in flight are ended
        batch.write_gradebook(results, out, options)
        try:
            client.cancel(list(running))
            client.run(kill_all, on_error="ignore")
        except Exception:  # a cluster gone already: nothing left to stop
            pass
        raise
    finally:
        bar.close()
    return batch.write_gradebook(results, out, options)


class Slots:
    """The cluster's grading slots (workers come and go), read at most every few seconds."""

    def __init__(self, client: Any, every: float = 5.0):
        self.client, self.every = client, every
        self.read_at, self.slots = -every, 1

    def total(self) -> int:
        if time.monotonic() - self.read_at >= self.every:
            workers = self.client.scheduler_info()["workers"].values()
            self.slots = max(1, sum(int(w.get("resources", {}).get(RESOURCE, 0)) for w in workers))
            self.read_at = time.monotonic()
        return self.slots


def _cached(
    cache: ResultCache, name: str, path: Path, options: Options, force: bool
) -> tuple[str | None, Result | None]:
    """The submission's cache key, and its cached result when there is one."""
    try:
        staged = stage(path, options.course, name=name)
    except Exception:  # the task stages it again and reports what is wrong
        return None, None
    try:
        key = cache.key(staged)
    finally:
        staged.cleanup()
    hit = None if force else cache.load(key)
    if hit is not None:
        hit.name, hit.target = name, str(path)
    return key, hit


def _collect(future: Any, name: str, path: Path, options: Options) -> Result:
    """The task's result, or a `crashed` one saying what went wrong on the cluster."""
    from distributed import KilledWorker

    try:
        return Result.from_dict(future.result())
    except KilledWorker as exc:
        why = (
            f"every Dask worker that graded it died ({exc.allowed_failures + 1} in a row, "
            f"the last {exc.last_worker.address}): not graded"
        )
    except Exception as exc:
        why = f"grader error on a Dask worker: {type(exc).__name__}: {exc}"
    return batch.crashed(name, path, options, why)


def grade_task(name: str, path: str, options: Options) -> dict[str, Any]:
    """On a Dask worker: stage and grade one submission with the worker's own checkout
    (checked equal to the client's) and interpreter; -> the result JSON as data."""
    from distributed import get_worker

    allow_runs()  # a batch cancelled earlier (kill_all) must not stop this one
    worker = get_worker()
    slots = int(worker.state.total_resources.get(RESOURCE, 1))
    options = replace(
        options,
        course=COURSE,
        python=sys.executable,
        threads=options.threads or run_threads(slots),
    )
    try:
        result = batch.grade_submission(name, Path(path), options)
    except KeyboardInterrupt:  # kill_all ended it (Ctrl-C on the client): drop it
        raise RuntimeError("grading cancelled") from None
    return result.to_dict()


# -- the cluster --------------------------------------------------------------------------


def connect(scheduler: str, retries: int = RETRIES) -> Any:
    """A Client for `tcp://HOST:PORT` or `local:N` (a context manager that also closes
    the LocalCluster it started)."""
    import dask
    from distributed import Client, LocalCluster

    if not scheduler.startswith(LOCAL):
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT)
        except TimeoutError:
            client.close()
            raise ClusterError(
                f"no Dask worker joined {scheduler} within {WORKER_WAIT:g} s: start some with "
                f"`dask worker {scheduler} --nthreads 2 --resources {RESOURCE}=2`"
            ) from None
        return client
    n = local_workers(scheduler)
    slots = max(1, (os.cpu_count() or 1) // n)
    with dask.config.set(LOCAL_CONFIG):  # the worker processes are given it as they start
        cluster = LocalCluster(
            n_workers=n,
            threads_per_worker=slots,
            processes=True,
            resources={RESOURCE: slots},
            host="127.0.0.1",  # loopback only
            dashboard_address=None,
            scheduler_kwargs={"allowed_failures": retries},
            silence_logs=logging.CRITICAL,  # a lost worker is reported in the gradebook
        )
    client = Client(cluster)
    return _Closing(client, cluster)


def local_workers(scheduler: str) -> int:
    """N of `local:N`."""
    text = scheduler[len(LOCAL) :]
    if not text.isdigit() or int(text) < 1:
        raise ClusterError(f"--scheduler {scheduler}: expected local:N, N >= 1 worker processes")
    return int(text)


class _Closing:
    """`with` a Client and the LocalCluster under it: both closed at the end."""

    def __init__(self, client: Any, cluster: Any):
        self.client, self.cluster = client, cluster

    def __enter__(self) -> Any:
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.cluster.close()


def check_workers(client: Any, course: Course, directory: Path, out: Path, names: list[str]) -> int:
    """Refuse (ClusterError) unless every worker holds the client's course and sees the
    submissions; -> the grading slots of the cluster."""
    workers = client.scheduler_info()["workers"]
    slots = {addr: int(w.get("resources", {}).get(RESOURCE, 0)) for addr, w in workers.items()}
    if not any(slots.values()):
        raise ClusterError(
            f"no Dask worker offers the `{RESOURCE}` resource, so no submission could be "
            f"graded: start workers with `dask worker ADDRESS --nthreads 2 --resources "
            f"{RESOURCE}=2` (one slot per core)"
        )
    ours = course_manifest(course.root)
    problems = []
    for addr, theirs in client.run(course_manifest, on_error="return").items():
        if not slots.get(addr):
            continue  # takes no grading task
        if isinstance(theirs, BaseException):
            problems.append(
                f"worker {addr} cannot run the grader: {type(theirs).__name__}: {theirs}"
            )
            continue
        differ = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
        if differ:
            more = f" and {len(differ) - 5} more" if len(differ) > 5 else ""
            shown = ", ".join(differ[:5]) + more
            problems.append(
                f"worker {addr} has a different course (hash {digest(theirs)[:12]}, "
                f"this client {digest(ours)[:12]}): {shown} differ"
            )
    where = str(directory.resolve())
    for addr, seen in client.run(_listing, where, str(out)).items():
        if slots.get(addr) and seen != sorted(names):
            problems.append(
                f"worker {addr} does not see the submissions at {where} "
                + ("(no such folder)" if seen is None else "(it lists other entries)")
            )
    if problems:
        raise ClusterError(
            "refusing to grade on this cluster:\n  "
            + "\n  ".join(problems)
            + "\nevery worker needs the same checkout (git checkout <commit> && uv sync) and the "
            "submissions folder at the same path (a shared file system)"
        )
    return sum(slots.values())


def course_manifest(root: str | Path | None = None) -> dict[str, str]:
    """SHA-256 of every file that decides a grade, by path relative to the project root,
    plus the versions of Python and the key packages."""
    base = Path(root) if root is not None else COURSE.root
    manifest = {"python": ".".join(map(str, sys.version_info[:3]))}
    for name in PACKAGES:
        try:
            manifest[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            manifest[name] = "missing"
    for name in COURSE_FILES:
        for file in files_under(base / name):
            sha = hashlib.sha256(file.read_bytes()).hexdigest()
            manifest[file.relative_to(base).as_posix()] = sha
    return manifest


def digest(manifest: dict[str, str]) -> str:
    text = "\n".join(f"{k}\0{v}" for k, v in sorted(manifest.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def _allowed_failures(dask_scheduler: Any) -> int:
    return dask_scheduler.allowed_failures


def _listing(where: str, out: str) -> list[str] | None:
    """On a worker: the submission names it sees in `where` (None: not a folder)."""
    path = Path(where)
    if not path.is_dir():
        return None
    return sorted(name for name, _ in batch.discover(path, exclude=Path(out)))
