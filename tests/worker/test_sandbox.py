"""grader/worker/sandbox.py and the launcher: the worker is confined (no network, no
project tree, bounded processes and memory) and says how."""

from __future__ import annotations

import os
import shutil
import socket
import time
from pathlib import Path

import numpy as np
import pytest
from trees import SOLUTIONS, make_submission

from coursekit.seam import PROJECT_ROOT
from grader.worker import (
    Limits,
    WorkerCrashed,
    WorkerImpl,
    WorkerTimeout,
)
from grader.worker.sandbox import DIR_PREFIX, sweep_stale
from grader.worker.uids import process_uids


def test_a_huge_allocation_fails_inside_the_worker(impl):
    try:
        impl.padding.probe_allocate(50)
    except MemoryError:
        pass
    except WorkerCrashed:
        pass
    else:
        pytest.fail("allocating 50 GB succeeded")
    assert impl.padding.same_pad(3) == 1


def test_confinement_is_reported(impl):
    c = impl.confinement()
    assert c["python"]["isolated"] and "-I" in c["python"]["flags"]
    assert c["limits"]["data"] == [Limits().memory] * 2
    assert c["limits"]["nproc"] == [8, 8] and c["limits"]["core"] == [0, 0]
    assert c["limits"]["as"][0] in (-1, 2**64 - 1)  # RLIMIT_AS is not the bound (infinity)
    assert "RLIMIT_DATA 2048 MiB per process" in c["memory"] or "cgroup memory.max" in c["memory"]
    assert c["oom_score_adj"] == 1000
    assert c["stdin"] == "/dev/null"
    assert "OPENBLAS_NUM_THREADS" in c["env"] and "PYTHONPATH" not in c["env"]
    if os.geteuid() == 0:
        assert c["user"]["switched"] and c["user"]["uid"] != 0, c["user"]
    for key in ("network", "filesystem"):
        assert c[key]["isolated"] or c[key]["reason"], c[key]


def test_no_network_inside_the_worker(impl):
    net = impl.confinement()["network"]
    if not net["isolated"]:
        pytest.skip(f"network not isolated here: {net['reason']}")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        socket.create_connection(("127.0.0.1", port), timeout=2).close()  # works out here
        assert impl.padding.probe_connect(port) != "connected"


def test_the_project_tree_is_invisible_inside_the_worker(impl):
    fs = impl.confinement()["filesystem"]
    if not fs["isolated"]:
        pytest.skip(f"filesystem not isolated here: {fs['reason']}")
    for path in (PROJECT_ROOT / "pyproject.toml", SOLUTIONS / "conv" / "conv.py",
                 Path(__file__), Path("/etc/passwd")):
        assert path.exists()
        assert "FileNotFoundError" in str(impl.padding.probe_read(str(path))), path
    assert isinstance(impl.padding.probe_read("padding/padding.py"), str)  # cwd: submission
    assert isinstance(impl.padding.probe_read("s13_cnn/padding/padding.py"), int)


def _uid_processes(uid: int) -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and uid in process_uids(int(p))]


def _wait_for(condition, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        time.sleep(0.05)
    return condition()


def test_forks_are_bounded_and_do_not_outlive_the_worker(fresh):
    impl = fresh(call_timeout=20.0, limits=Limits(processes=16))
    c = impl.confinement()
    if not c["user"]["switched"]:
        pytest.skip(f"no user of its own for the worker: {c['user']['reason']}")
    uid = c["user"]["uid"]
    assert 0 < impl.padding.probe_fork(100) < 16  # RLIMIT_NPROC of the worker's own uid
    if c["pid_namespace"]["applied"]:  # the worker ends its strays after every call
        assert _wait_for(lambda: len(_uid_processes(uid)) == 1)
    impl.close()
    assert _wait_for(lambda: _uid_processes(uid) == [])


def test_memory_is_bounded_for_the_whole_submission(fresh):
    """Six children that each fill 200 MiB: with 256 MiB per process and 4 processes, at
    most 3 hold it at once (4 with the worker; a cgroup holds all of them to 256 MiB, so
    only one), and the report says which bound is in force."""
    impl = fresh(call_timeout=60.0, limits=Limits(memory=256 << 20, processes=4))
    c = impl.confinement()
    if not c["user"]["switched"] and not c["pid_namespace"]["applied"]:
        pytest.skip("RLIMIT_NPROC counts the grader's own processes here (no uid of its own)")
    held = impl.padding.probe_hold(6, 200)
    if "cgroup memory.max 256 MiB" in c["memory"]:
        assert held <= 1, held
    else:
        assert "RLIMIT_DATA 256 MiB per process, at most 4 processes" in c["memory"], c["memory"]
        assert 1 <= held <= 3, held  # one fits a process; the process cap bounds the rest
    with pytest.raises(MemoryError):
        impl.padding.probe_allocate(0.3)  # 300 MiB in one process


def test_a_fork_bomb_is_contained_and_killed(fresh):
    impl = fresh(call_timeout=1.0, limits=Limits(processes=16))
    c = impl.confinement()
    if not c["user"]["switched"]:
        pytest.skip(f"no user of its own for the worker: {c['user']['reason']}")
    uid = c["user"]["uid"]
    with pytest.raises(WorkerTimeout):
        impl.padding.probe_fork_bomb()
    assert _wait_for(lambda: _uid_processes(uid) == [])
    assert impl.padding.same_pad(3) == 1


def test_without_a_sandbox_the_same_calls_work_and_the_report_says_so(fresh):
    impl = fresh(call_timeout=20.0, sandbox="none")
    c = impl.confinement()
    assert c["mechanism"] == "none" and c["exposed"]  # the probes got through, unrefused
    assert not c["network"]["isolated"] and "loopback" in c["network"]["reason"]
    assert not c["filesystem"]["isolated"] and not c["user"]["switched"]
    assert c["python"]["isolated"] and c["limits"]["nproc"] == [8, 8]
    out, _ = impl.conv.conv_forward(np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), np.zeros(1))
    np.testing.assert_array_equal(out, np.full((1, 2, 2, 1), 4.0))


def test_links_out_of_the_submission_are_refused(tmp_path):
    root = make_submission(tmp_path)
    (root / "s13_cnn" / "padding" / "padding.py").unlink()
    (root / "s13_cnn" / "padding" / "padding.py").symlink_to(Path(__file__))
    with pytest.raises(ValueError, match="links outside"):
        WorkerImpl(root)
    with pytest.raises(ValueError, match="sandbox must be"):
        WorkerImpl(make_submission(tmp_path / "other"), sandbox="chroot")


def test_require_mode_starts_only_fully_confined(impl, fresh):
    auto = impl.confinement()
    complete = all(auto[k]["isolated"] for k in ("network", "filesystem")) and all(
        (auto["pid_namespace"]["applied"], auto["user"]["switched"]))
    if complete:
        c = fresh(call_timeout=20.0, sandbox="require").confinement()
        assert c["network"]["isolated"] and c["filesystem"]["isolated"]
    else:
        with pytest.raises(WorkerCrashed, match="required but failed|user switch"):
            fresh(call_timeout=20.0, sandbox="require")


def test_folders_of_dead_graders_are_swept():
    import tempfile

    dead = Path(tempfile.gettempdir()) / f"{DIR_PREFIX}{2**22 + 1}-test"  # above any pid_max
    mine = Path(tempfile.mkdtemp(prefix=f"{DIR_PREFIX}{os.getpid()}-"))
    dead.mkdir(exist_ok=True)
    try:
        sweep_stale()
        assert not dead.exists() and mine.exists()
    finally:
        shutil.rmtree(mine, ignore_errors=True)
        shutil.rmtree(dead, ignore_errors=True)
