"""Ending the grader's child processes: by group, by pid, with their descendants.

A grading run (pytest) and a worker each run in a session of their own, so a Ctrl-C at
the terminal does not reach them and they are ended here: their process group is killed,
and the descendants that left it (a worker in its own session, a process that called
setsid or setpgid) are found in /proc beforehand and killed by pid. Every kill tolerates a
process that is already gone.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

TERM_GRACE = 3.0  # seconds between SIGTERM and SIGKILL when a run is stopped
_RUNNING: set[int] = set()  # process groups of the grading runs in flight (for Ctrl-C)
_CANCELLED = threading.Event()  # set by kill_all: start nothing more
_LIBC = ctypes.CDLL(None) if sys.platform == "linux" else None  # loaded before any fork
PR_SET_PDEATHSIG = 1
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def kill(pids: Iterable[int], signum: int = signal.SIGKILL) -> None:
    for pid in pids:
        try:
            os.kill(pid, signum)
        except (ProcessLookupError, PermissionError):
            pass


def kill_until_gone(find: Callable[[], list[int]], patience: float) -> None:
    """SIGKILL the processes `find()` returns until it returns none, or `patience` seconds."""
    end = time.monotonic() + patience
    while (found := find()) and time.monotonic() < end:
        kill(found)
        time.sleep(0.005)


def kill_group(pgid: int, signum: int = signal.SIGKILL) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, each before its own children (Linux /proc; else none)."""
    children: dict[int, list[int]] = {}
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return []
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def end_tree(pid: int, rounds: int = 50) -> None:
    """SIGKILL `pid` and every process below it, however they detached (a new session, a
    new group, a double fork): the tree is frozen first (SIGSTOP: a stopped process neither
    forks nor reaps, so no orphan leaves the tree) until a scan finds nothing new."""
    frozen: list[int] = []
    for _ in range(rounds):
        found = [p for p in [pid, *descendants(pid)] if p not in frozen]
        if not found:
            break
        kill(found, signal.SIGSTOP)
        frozen += found
    kill(reversed(frozen))  # the deepest first: none is orphaned while alive


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` and every process below it, with the children they
    have reaped (/proc/PID/stat: utime, stime, cutime, cstime)."""
    ticks = 0
    for member in [pid, *descendants(pid)]:
        try:
            with open(f"/proc/{member}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ticks += sum(int(x) for x in fields[11:15])
        except (OSError, ValueError, IndexError):
            continue
    return ticks / _CLOCK_TICKS


def run_in_session(
    cmd: list[str], env: dict[str, str], cwd: Path, log: Path, timeout: float | None
) -> tuple[int, bool]:
    """Run `cmd` in its own session, output to `log`, to the end or until `timeout` (then
    `stop` it: capped). Its process group is always killed after. (returncode, capped)"""
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent,
        )  # fmt: skip
        capped = False
        _RUNNING.add(proc.pid)
        try:
            returncode = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            capped = True
            returncode = stop(proc, TERM_GRACE)
        except BaseException:  # Ctrl-C in the CLI: take the run down with us
            stop(proc, 1.0)
            raise
        finally:
            kill_group(proc.pid)
            _RUNNING.discard(proc.pid)
    return returncode, capped


def stop(proc: subprocess.Popen[bytes], grace: float) -> int:
    """SIGTERM to the group (the plugin then closes its worker), SIGKILL after `grace`;
    descendants in other sessions (a worker) are found first and killed too."""
    strays = descendants(proc.pid)
    kill_group(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    kill_group(proc.pid)
    kill(strays)
    return proc.wait()


def cancelled() -> bool:
    """kill_all was called (and allow_runs not since): start no run."""
    return _CANCELLED.is_set()


def allow_runs() -> None:
    """Undo kill_all: grading runs may start again."""
    _CANCELLED.clear()


def kill_all() -> None:
    """End every grading run in flight (they run in their own sessions: Ctrl-C misses them)."""
    _CANCELLED.set()
    for pgid in list(_RUNNING):
        kill_group(pgid)


def describe_exit(returncode: int) -> str:
    """A returncode of subprocess, in words."""
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"exit code {returncode}"


def _die_with_parent() -> None:
    """In the child, before exec: SIGKILL it when the thread that started it dies (a Dask
    worker or a grader killed outright leaves no pytest orphans behind; Linux only)."""
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
