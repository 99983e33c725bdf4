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

import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from grader.batch import local as batch
from grader.batch.cache import CACHE_DIR, ResultCache
from grader.batch.cluster_setup import RESOURCE, allowed_failures, check_workers, connect
from grader.core.checkout import CHECKOUT, Checkout
from grader.core.options import Options
from grader.core.procs import allow_runs, kill_all
from grader.core.result import Result
from grader.intake.stage import stage
from grader.run.runner import run_threads


def grade_on_cluster(
    directory: Path, options: Options, course: Checkout = CHECKOUT
) -> list[Result]:
    """Grade every submission of `directory` on the Dask cluster options.run.scheduler;
    results cached in OUT/.cache by a local batch or an earlier cluster run are read back,
    not regraded (unless options.run.force)."""
    out = batch.out_folder(directory, options)
    entries = batch.discover(directory, exclude=out)
    with connect(options.run.scheduler or "", options.run.retries) as client:
        slots = check_workers(client, course, directory, out, [n for n, _ in entries])
        print(
            f"Dask scheduler {client.scheduler.address}: {slots} grading slots on "
            f"{len(client.scheduler_info()['workers'])} workers, the same course on each; "
            f"a task whose worker dies is retried up to "
            f"{client.run_on_scheduler(allowed_failures)} times",
            file=sys.stderr,
        )
        return _grade_all(client, entries, out, options, course)


def _grade_all(
    client: Any,
    entries: list[tuple[str, Path]],
    out: Path,
    options: Options,
    course: Checkout,
) -> list[Result]:
    """Keep as many tasks in flight as the cluster has grading slots: a task waits on the
    client, not on a worker, so a worker that dies takes down only the tasks it was
    running (Dask counts a death against every task a worker holds)."""
    from distributed import as_completed

    progress = options.run.progress
    batch_id = uuid.uuid4().hex[:8]
    cache = ResultCache(out / CACHE_DIR, options.verdict, course)
    running: dict[Any, tuple[str, Path, str | None]] = {}
    done = as_completed()
    slots = Slots(client)
    results: list[Result] = []
    bar = batch.progress_bar(len(entries), progress)
    waiting = []
    twins: dict[str, list[tuple[str, Path]]] = {}  # key -> later submissions of that content
    for name, path in entries:  # a hit costs a staging here (milliseconds), no task
        key, hit = _cached(cache, name, path, options, course)
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
    cache: ResultCache, name: str, path: Path, options: Options, course: Checkout
) -> tuple[str | None, Result | None]:
    """The submission's cache key, and its cached result when there is one."""
    try:
        staged = stage(path, course, name=name)
    except Exception:  # the task stages it again and reports what is wrong
        return None, None
    try:
        key = cache.key(staged)
    finally:
        staged.cleanup()
    hit = None if options.run.force else cache.load(key)
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
    (checked equal to the client's) and interpreter; -> the result JSON as data. Unless
    the client chose them (a LocalCluster here), BLAS threads are this machine's to share
    among its grading slots."""
    from distributed import get_worker

    allow_runs()  # a batch cancelled earlier (kill_all) must not stop this one
    if not options.run.threads:
        slots = int(get_worker().state.total_resources.get(RESOURCE, 1))
        options = replace(options, run=replace(options.run, threads=run_threads(slots)))
    try:
        result = batch.grade_submission(name, Path(path), options, CHECKOUT)
    except KeyboardInterrupt:  # kill_all ended it (Ctrl-C on the client): drop it
        raise RuntimeError("grading cancelled") from None
    return result.to_dict()
