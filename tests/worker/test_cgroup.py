"""grader/worker/cgroup.py and the launcher's join: a cgroup of the worker's own is made
only under a parent that delegates the memory and pids controllers (else the reason is
said), holds the limits, is joined by the launcher before anything else, and is read for
CPU time and emptied on kill.

This machine's kernel may not give the grader a cgroup v2 with those controllers (then the
worker runs under RLIMIT_DATA and RLIMIT_NPROC, tests/worker/test_sandbox.py); these tests
use a folder laid out like one, named by S13_WORKER_CGROUP."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader.core.limits import Limits, memory_in_force
from grader.worker import cgroup

CHILD = Path(cgroup.__file__).parent / "child"


@pytest.fixture
def parent(tmp_path, monkeypatch):
    folder = tmp_path / "delegated"
    folder.mkdir()
    (folder / "cgroup.subtree_control").write_text("cpu memory pids\n")
    monkeypatch.setenv(cgroup.PARENT_ENV, str(folder))
    return folder


def test_a_worker_cgroup_holds_the_limits(parent):
    made, why = cgroup.Cgroup.make(Limits(memory=512 << 20, processes=8), "s13-worker-1-x")
    assert made is not None and why == ""
    assert (made.path / "memory.max").read_text() == f"{512 << 20}\n"
    assert (made.path / "pids.max").read_text() == "8\n"
    (made.path / "cpu.stat").write_text("usage_usec 2500000\nuser_usec 2000000\n")
    assert made.cpu_seconds() == 2.5
    (made.path / "cgroup.procs").write_text("")
    made.kill(patience=0.1)  # nothing in it: returns
    assert (made.path / "cgroup.kill").read_text() == "1\n"
    assert memory_in_force(str(made.path), Limits(memory=512 << 20), None).startswith(
        "cgroup memory.max 512 MiB for all its processes, pids.max 8")


def test_without_delegated_controllers_there_is_none_and_why(parent):
    (parent / "cgroup.subtree_control").write_text("cpu\n")
    made, why = cgroup.Cgroup.make(Limits(), "s13-worker-1-y")
    assert made is None and "memory and pids controller(s) are not enabled" in why
    said = memory_in_force(None, Limits(), why)
    assert said.startswith("RLIMIT_DATA 2048 MiB per process, at most 8 processes (no cgroup:")


def test_mount_point_and_own_path_are_read_from_proc(tmp_path):
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(
        "24 1 0:21 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
        "35 24 0:30 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n")
    assert cgroup.mount_point(str(mountinfo)) == Path("/sys/fs/cgroup/unified")
    proc_cgroup = tmp_path / "cgroup"
    proc_cgroup.write_text("4:memory:/x\n0::/user.slice/grader.scope\n")
    assert cgroup.own_path(str(proc_cgroup)) == "/user.slice/grader.scope"


def test_the_launcher_joins_the_cgroup_first(tmp_path):
    """Run in a child process: joining also raises the process's OOM score."""
    group = tmp_path / "s13-worker-1-z"
    group.mkdir()
    (group / "cgroup.procs").write_text("")
    code = ("import json, os, sys; sys.path.insert(0, sys.argv[1]); import launcher; "
            "r = {}; launcher.join_cgroup({'cgroup': sys.argv[2]}, r); "
            "print(json.dumps([os.getpid(), r]))")
    done = subprocess.run([sys.executable, "-c", code, str(CHILD), str(group)],
                          capture_output=True, text=True, check=True)
    pid, report = json.loads(done.stdout)
    assert (group / "cgroup.procs").read_text() == f"{pid}\n"
    assert report == {"cgroup": {"applied": True, "reason": None}, "oom_score_adj": 1000}
    done = subprocess.run([sys.executable, "-c", code, str(CHILD), str(tmp_path / "gone")],
                          capture_output=True, text=True, check=True)
    _, report = json.loads(done.stdout)
    assert not report["cgroup"]["applied"] and "cannot join" in report["cgroup"]["reason"]
