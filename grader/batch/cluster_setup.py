"""The Dask cluster a batch is graded on: connecting (or starting a LocalCluster), and
refusing a cluster whose workers do not hold the client's course or see the submissions.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import sys
from pathlib import Path
from typing import Any

from grader.batch import local as batch
from grader.batch.cache import files_under
from grader.core.checkout import CHECKOUT, Checkout

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


def check_workers(
    client: Any, course: Checkout, directory: Path, out: Path, names: list[str]
) -> int:
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
    base = Path(root) if root is not None else CHECKOUT.root
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


def allowed_failures(dask_scheduler: Any) -> int:
    return dask_scheduler.allowed_failures


def _listing(where: str, out: str) -> list[str] | None:
    """On a worker: the submission names it sees in `where` (None: not a folder)."""
    path = Path(where)
    if not path.is_dir():
        return None
    return sorted(name for name, _ in batch.discover(path, exclude=Path(out)))
