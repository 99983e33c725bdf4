"""The worker's own view of its confinement, taken before any learner code is imported:
what it observes in effect (self_report), each way out it must find closed (probe), and,
after each call, the end of every process the learner started (end_strays).

Loaded by path by worker_main.py, inside the sandbox: standard library only.
"""

import os
import resource
import signal
import socket
import sys
import time


def end_strays() -> None:
    """No process the learner started outlives the call that started it: as pid 1 of its
    own namespace, or under Landlock's signal scope (a subreaper then), kill(-1) reaches
    exactly the processes of this sandbox (never use it outside one). Then reap what has
    already died."""
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        return  # ESRCH: there was nothing to kill
    end = time.monotonic() + 1.0
    while True:  # killed processes die asynchronously; their orphans come to us
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > end:
                return
            time.sleep(0.001)


def probe(targets: dict) -> dict:
    """Each way out the confinement must close, tried from the inside: None where it was
    refused, else what got through. Run before any learner code is imported."""

    def attempt(action):
        try:
            return action()
        except OSError:
            return None

    def read(path):
        with open(path, "rb") as fh:
            return f"read {len(fh.read(64))} bytes of {path}"

    def listing(path):
        return f"listed {len(os.listdir(path))} entries of {path}"

    def tcp():
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(1.0)
            try:
                s.connect(("127.0.0.1", 9))
            except ConnectionRefusedError:  # the loopback answered: it is reachable
                pass
            return "connected to 127.0.0.1 (TCP)"

    def udp():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("127.0.0.1", 9))
            return "sent to 127.0.0.1 (UDP)"

    def unix():
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect("\0" + targets["abstract_socket"])
            return "connected to the grader's abstract unix socket"

    def kill():
        os.kill(targets["grader_pid"], 0)
        return f"may signal the grader (pid {targets['grader_pid']})"

    found = {}
    if "hidden_test" in targets:
        found["hidden tests"] = attempt(lambda: read(targets["hidden_test"]))
        found["solutions"] = attempt(lambda: read(targets["solutions"]))
        for path in targets.get("files", ()):
            found[f"file {path}"] = attempt(lambda p=path: read(p))
        found["loopback TCP"] = attempt(tcp)
        found["loopback UDP"] = attempt(udp)
        found["abstract unix socket"] = attempt(unix)
        found["grader's /proc entry"] = attempt(lambda: listing(f"/proc/{targets['grader_pid']}"))
        found["signal to the grader"] = attempt(kill)
    return found


def self_report(cfg: dict) -> dict:
    """What is in effect in this process, observed before any learner code is imported."""
    limits = {}
    for name in ("CPU", "AS", "DATA", "NPROC", "FSIZE", "NOFILE", "CORE"):
        soft, hard = resource.getrlimit(getattr(resource, "RLIMIT_" + name))
        limits[name.lower()] = [soft, hard]
    try:
        interfaces = sorted(name for _, name in socket.if_nameindex())
    except OSError as e:
        interfaces = [f"? {e}"]
    return {
        "pid": os.getpid(),
        "uid": os.getuid(),
        "gid": os.getgid(),
        "groups": os.getgroups(),
        "rlimits": limits,
        "flags": {
            "isolated": sys.flags.isolated,
            "no_site": sys.flags.no_site,
            "dont_write_bytecode": sys.flags.dont_write_bytecode,
        },
        "interfaces": interfaces,
        "probes": probe(cfg.get("probes") or {}),
        "cwd": os.getcwd(),
        "env": sorted(os.environ),
        "launcher": cfg.get("launcher", {}),
    }
