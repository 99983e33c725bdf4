"""The worker's uid of its own (when the grader runs as root): chosen unused and mapped, and
every process of it ended when its worker goes."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from grader.core.procs import kill_until_gone

UID_BASE, UID_SPAN = 1_000_000, 1 << 24


def choose_uid(mode: str) -> tuple[int | None, str | None]:
    """A uid of the worker's own (so RLIMIT_NPROC and kill(-1) cover only its processes)."""
    if mode == "none":
        return None, "sandbox='none'"
    if os.geteuid() != 0:
        return None, ("the grader does not run as root: the worker keeps its uid, in a "
                      "user namespace of its own where the kernel allows one")
    for _ in range(10):
        uid = UID_BASE + secrets.randbelow(UID_SPAN)
        if uid_mapped(uid) and not uid_in_use(uid):
            return uid, None
    return None, "no unused uid is mapped in this user namespace"


def uid_mapped(uid: int) -> bool:
    try:
        lines = Path("/proc/self/uid_map").read_text().splitlines()
    except OSError:
        return True
    for line in lines:
        inside, _, count = (int(x) for x in line.split())
        if inside <= uid < inside + count:
            return True
    return False


def uid_in_use(uid: int) -> bool:
    """Whether any process runs as `uid` (a /proc scan; a few ms)."""
    for pid in os.listdir("/proc"):
        if pid.isdigit() and uid in process_uids(int(pid)):
            return True
    return False


def end_uid(uid: int, patience: float = 3.0, zombies: bool = True) -> None:
    """SIGKILL every process of `uid` (a worker's own) until none is left, or `patience`
    seconds: where there is no pid namespace (Landlock only), this ends what the worker
    detached; with one, it waits until the namespace's processes are gone, so that a
    restarted worker of the same uid does not find RLIMIT_NPROC spent by the dying.

    zombies=False: a zombie counts as gone. It runs nothing, but it counts against
    RLIMIT_NPROC until it is reaped, and the worker's processes are reaped by the host's
    init, which on some hosts takes a second or more: only a worker restarted under the
    same uid needs to wait for that, not one closed for good."""

    def found() -> list[int]:
        return [int(p) for p in os.listdir("/proc")
                if p.isdigit() and runs_as(int(p), uid, zombies)]  # fmt: skip

    kill_until_gone(found, patience)


def _status(pid: int) -> tuple[tuple[int, ...], bool]:
    """(the uids of process `pid`, whether it has exited: a zombie), from /proc; ((), False)
    for a process that is gone or unreadable."""
    uids: tuple[int, ...] = ()
    dead = False
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("State:"):  # State comes before Uid in the file
                dead = line.split()[1:2] in (["Z"], ["X"])
            elif line.startswith("Uid:"):
                uids = tuple(int(x) for x in line.split()[1:])
                break
    except (OSError, ValueError):
        return (), False
    return uids, dead


def runs_as(pid: int, uid: int, zombies: bool) -> bool:
    """Whether process `pid` runs as `uid` (and, unless `zombies`, has not yet exited)."""
    uids, dead = _status(pid)
    return uid in uids and (zombies or not dead)


def process_uids(pid: int) -> tuple[int, ...]:
    return _status(pid)[0]
