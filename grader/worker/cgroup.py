"""A cgroup (v2) of the worker's own, where the grader may make one.

In it, memory.max bounds the memory of all the learner's processes together (page cache
they fault in included), pids.max their number, cgroup.kill ends every one of them however
it detached, and cpu.stat counts their CPU time. The launcher moves itself in before it
confines anything (child/launcher.py), so every process the learner starts is inside.

The parent is the grader's own cgroup when the memory and pids controllers are enabled
for its children (its cgroup.subtree_control: systemd's `Delegate=yes` gives that) and
the grader may write there, or the folder named by $S13_WORKER_CGROUP (a cgroup an
instructor delegated to the grader). Anywhere else `make` returns no cgroup and says why;
the launcher's rlimits (RLIMIT_DATA per process, RLIMIT_NPROC) are then the bound, and the
run's output says which is in force (core/limits.memory_in_force).
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

from grader.core.limits import Limits
from grader.core.procs import kill_until_gone

PARENT_ENV = "S13_WORKER_CGROUP"
CONTROLLERS = ("memory", "pids")


def mount_point(mountinfo: str = "/proc/self/mountinfo") -> Path | None:
    """Where the cgroup2 filesystem is mounted, if it is."""
    try:
        lines = Path(mountinfo).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        left, _, right = line.partition(" - ")
        if right.split(" ", 1)[0] == "cgroup2":
            return Path(left.split()[4])
    return None


def own_path(proc_cgroup: str = "/proc/self/cgroup") -> str | None:
    """This process's cgroup v2 path (the `0::` line), if it has one."""
    try:
        lines = Path(proc_cgroup).read_text().splitlines()
    except OSError:
        return None
    return next((line[3:] for line in lines if line.startswith("0::")), None)


def parent_cgroup() -> tuple[Path | None, str]:
    """The cgroup under which a worker's may be made, or (None, why there is none)."""
    named = os.environ.get(PARENT_ENV)
    if named:
        parent = Path(named)
    else:
        mount, own = mount_point(), own_path()
        if mount is None:
            return None, "no cgroup2 filesystem is mounted"
        if own is None:
            return None, "the grader is in no cgroup v2"
        parent = mount / own.lstrip("/")
    try:
        enabled = (parent / "cgroup.subtree_control").read_text().split()
    except OSError as exc:
        return None, f"{parent} is not a cgroup v2 the grader can read ({exc.strerror})"
    missing = [c for c in CONTROLLERS if c not in enabled]
    if missing:
        return None, (f"the {' and '.join(missing)} controller(s) are not enabled for the "
                      f"children of {parent} (cgroup.subtree_control)")
    if not os.access(parent, os.W_OK):
        return None, f"the grader may not create a cgroup in {parent}"
    return parent, ""


class Cgroup:
    """One worker's cgroup: made with its limits, killed, read, removed."""

    def __init__(self, path: Path):
        self.path = path

    @classmethod
    def make(cls, limits: Limits, name: str) -> tuple[Cgroup | None, str]:
        """A new cgroup `name` with the memory and process limits, or (None, why not)."""
        parent, why = parent_cgroup()
        if parent is None:
            return None, why
        path = parent / name
        try:
            path.mkdir(mode=0o755)
        except OSError as exc:
            return None, f"cannot create a cgroup in {parent}: {exc.strerror}"
        made = cls(path)
        try:
            _write(path / "memory.max", limits.memory)
            if (path / "memory.swap.max").exists():
                _write(path / "memory.swap.max", 0)  # the limit holds: no spilling to swap
            _write(path / "pids.max", limits.processes)
        except OSError as exc:
            made.remove()
            return None, f"cannot set the limits of {path}: {exc.strerror}"
        return made, ""

    def pids(self) -> list[int]:
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except (OSError, ValueError):
            return []

    def kill(self, patience: float = 3.0) -> None:
        """SIGKILL every process in the cgroup (cgroup.kill where the kernel has it, 5.14+)
        until it is empty, or `patience` seconds."""
        try:
            _write(self.path / "cgroup.kill", 1)
        except OSError:
            pass
        kill_until_gone(self.pids, patience)

    def cpu_seconds(self) -> float:
        """CPU time of every process that ever ran in it (cpu.stat's usage_usec)."""
        try:
            for line in (self.path / "cpu.stat").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "usage_usec":
                    return int(value) / 1e6
        except (OSError, ValueError):
            pass
        return 0.0

    def remove(self) -> None:
        """Kill what is left, then remove the cgroup (an empty one, from its parent)."""
        self.kill()
        for _ in range(100):
            try:
                self.path.rmdir()
                return
            except OSError as exc:
                if exc.errno != errno.EBUSY:  # gone, or not a cgroup: nothing to wait for
                    return
                time.sleep(0.01)


def _write(path: Path, value: int) -> None:
    with open(path, "w") as fh:
        fh.write(f"{value}\n")
