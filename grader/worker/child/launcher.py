"""Starts one worker inside the strongest confinement this machine allows, then execs it.

Run by the grader as `python -I -S launcher.py CONFIG WORKER_CONFIG` in a new session,
with the grader's privileges and before any learner code exists in the process. Standard
library only (it must not import the project). The mechanism is chosen by trying, in order:

1. namespaces, owned by the grader's user namespace (root with CAP_SYS_ADMIN);
2. the same namespaces inside a new user namespace (an ordinary user; root without
   CAP_SYS_ADMIN, as in Docker and Gradescope). As root, a parent process that stays
   outside writes the maps (uid 0 -> 0 to build the root, the worker's uid -> itself);
   as an ordinary user the namespace maps only the user's own uid;
3. Landlock alone, where the kernel or a seccomp profile refuses `unshare`.

The namespaces: network (only a down loopback: nothing to connect to, abstract unix
sockets private), mount (a fresh tmpfs root holding read-only binds of only what Python
and numpy need plus the sandbox folder, a small writable /tmp, then a chroot), IPC, and
pid (the worker is pid 1: when it dies every process it started dies too; a launcher
process stays outside as its reaper and exits with its status).

First of all, the launcher joins the worker's cgroup where the grader made one
(worker/cgroup.py: memory.max and pids.max for all its processes) and makes itself the
OOM killer's first choice (oom_score_adj 1000).

Then, in every mechanism: resource limits (RLIMIT_DATA, never RLIMIT_AS, whose address
space torch's CUDA libraries reserve without using it), an unprivileged uid of its own (when run as
root), no new privileges, and Landlock (kernel ABI >= 1): signals and abstract unix
sockets scoped to the worker's own processes (ABI >= 6); where the filesystem is not
isolated by the new root, read access only to what the worker needs and write access only
to its scratch folder; where there is no network namespace, no TCP bind or connect (ABI >=
4) and a seccomp filter that refuses socket() and io_uring. Last, exec of
`python -I -S -B -u worker_main.py` with a scrubbed environment.

Every step is reported to the worker, which probes the result from the inside before any
learner code runs (worker_main.probe); the grader refuses to grade when a probe gets
through. With mode "require" a worker with neither namespaces nor Landlock is not started;
"none" tries nothing (an explicitly unconfined run). A setup failure the instructor must
fix (a Python the worker's uid cannot execute) exits SETUP with one line on stderr.
"""

import json
import os
import resource
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I left it out
from lsm import (  # noqa: E402
    PR_SET_PDEATHSIG,
    Landlock,
    landlock_rules,
    prctl,
    seccomp_no_sockets,
    unshare,
)
from namespaces import (  # noqa: E402
    FATAL,
    NAMESPACES,
    build_root,
    enter_user_namespace,
    reap_and_exit,
)

PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 36, 38
RLIMITS = {
    "cpu": resource.RLIMIT_CPU,
    "data": resource.RLIMIT_DATA,
    "nproc": resource.RLIMIT_NPROC,
    "fsize": resource.RLIMIT_FSIZE,
    "nofile": resource.RLIMIT_NOFILE,
    "core": resource.RLIMIT_CORE,
}
SETUP = 112  # exit status: the grader's setup is at fault (FATAL: anything else)

def join_cgroup(cfg: dict, report: dict) -> None:
    """Into the worker's cgroup (memory.max, pids.max), before anything else: every process
    the learner starts is born in it. Then first in line for the kernel's OOM killer."""
    path = cfg.get("cgroup")
    if path:
        try:
            with open(os.path.join(path, "cgroup.procs"), "w") as fh:
                fh.write(f"{os.getpid()}\n")
            report["cgroup"] = {"applied": True, "reason": None}
        except OSError as e:
            report["cgroup"] = {"applied": False, "reason": f"cannot join {path}: {e.strerror}"}
    else:
        report["cgroup"] = {"applied": False, "reason": cfg.get("cgroup_reason") or "none made"}
    try:  # raising it needs no privilege; as root it is also the floor the worker keeps
        with open("/proc/self/oom_score_adj", "w") as fh:
            fh.write("1000\n")
        report["oom_score_adj"] = 1000
    except OSError:
        report["oom_score_adj"] = None


def confine(cfg: dict, report: dict, keep_fds: list) -> bool:
    """Namespaces and the new root, where allowed; returns whether a pid namespace is on."""
    keys = ("network", "filesystem", "ipc", "pid")
    if cfg["mode"] == "none" or cfg.get("mechanism") == "landlock":
        why = "sandbox='none'" if cfg["mode"] == "none" else "mechanism 'landlock' requested"
        report["mechanism"] = "none" if cfg["mode"] == "none" else "landlock"
        for key in keys:
            report[key] = {"applied": False, "reason": why}
        return False
    reasons = []
    try:
        unshare(NAMESPACES, "CLONE_NEWNET|NEWNS|NEWIPC|NEWPID")
        report["mechanism"] = "namespaces"
    except OSError as e:
        reasons.append(str(e))
        try:
            enter_user_namespace(cfg, keep_fds)
            unshare(NAMESPACES, "CLONE_NEWNET|NEWNS|NEWIPC|NEWPID in a user namespace")
            report["mechanism"] = "user namespace"
        except OSError as e2:
            reasons.append(str(e2))
            report["mechanism"] = "landlock"
            for key in keys:
                report[key] = {"applied": False, "reason": "; ".join(reasons)}
            return False
    for key in ("network", "ipc", "pid"):
        report[key] = {"applied": True, "reason": None}
    try:
        build_root(cfg["root"], cfg["entries"])
        report["filesystem"] = {"applied": True, "reason": None}
    except OSError as e:
        report["filesystem"] = {"applied": False, "reason": str(e)}
    return True


# ------------------------------------------------------------------------- the rest


def drop_privileges(cfg: dict, report: dict) -> None:
    uid, gid = cfg.get("uid"), cfg.get("gid")
    if uid is None or os.geteuid() != 0:
        report["user"] = {"switched": False, "reason": cfg.get("user_reason") or "not root"}
        return
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    report["user"] = {"switched": True, "reason": None}


def exec_failure(python: str, err: OSError) -> str:
    """Why this (unprivileged) process cannot execute `python`, and what fixes it."""
    who = f"the worker's user (uid {os.getuid()})"
    path = "/"
    for part in python.strip("/").split("/")[:-1]:
        path = os.path.join(path, part)
        if not os.access(path, os.X_OK):
            st = os.stat(path)
            return (f"{who} cannot execute {python}: {path} is mode {st.st_mode & 0o7777:04o} "
                    f"(owner uid {st.st_uid}); install Python where other users can read it "
                    f"(e.g. /usr/bin/python3, with the project's venv made from it: "
                    f"uv sync --python /usr/bin/python3), or set S13_WORKER_PYTHON to one")
    return f"{who} cannot execute {python}: {err}"


def harden(cfg: dict, report: dict, landlock: Landlock | None) -> None:
    """No new privileges, Landlock, and (without a network namespace) no sockets."""
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    report["no_new_privs"] = True
    if landlock is not None:
        landlock.restrict()
        report["landlock"] = landlock.describe()
    if not report["network"]["applied"] and cfg["mode"] != "none":
        try:
            seccomp_no_sockets()
            report["seccomp"] = {"applied": True, "reason": None}
        except (OSError, KeyError) as e:
            report["seccomp"] = {"applied": False, "reason": f"{type(e).__name__}: {e}"}
    else:
        report["seccomp"] = {"applied": False, "reason": "not needed (network namespace)"
                             if report["network"]["applied"] else "sandbox='none'"}


def main() -> None:
    cfg = json.loads(sys.argv[1])
    worker_cfg = json.loads(sys.argv[2])
    os.umask(0o022)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # the grader gone -> this launcher gone
    if os.getppid() != cfg["parent"]:
        os._exit(FATAL)
    report: dict = {}
    join_cgroup(cfg, report)
    in_pid_ns = confine(cfg, report, worker_cfg["fds"])
    if in_pid_ns:
        child = os.fork()
        if child:
            reap_and_exit(child, worker_cfg["fds"])
    isolated_fs = report["filesystem"]["applied"]
    landlock = None
    if cfg["mode"] != "none":
        try:
            landlock = landlock_rules(cfg, fs=not isolated_fs, net=not report["network"]["applied"])
        except OSError as e:
            report["landlock"] = {"applied": False, "reason": str(e)}
    else:
        report["landlock"] = {"applied": False, "reason": "sandbox='none'"}
    if cfg["mode"] == "require" and report["mechanism"] == "landlock" and landlock is None:
        sys.stderr.write(f"worker launcher: no confinement: {report['landlock']['reason']}\n")
        os._exit(FATAL)
    if isolated_fs:
        os.chroot(cfg["root"])
        worker_cfg["sandbox"] = cfg["sandbox_inside"]
        worker_cfg["site"] = cfg["site_inside"]
    else:
        worker_cfg["sandbox"] = cfg["sandbox_host"]
        cfg["env"].update(HOME=cfg["scratch"], TMPDIR=cfg["scratch"])
        prctl(PR_SET_CHILD_SUBREAPER, 1)  # orphans come back to the worker (end_strays)
    os.chdir(os.path.join(worker_cfg["sandbox"], "submission"))
    for name, value in cfg["rlimits"].items():
        soft, hard = value if isinstance(value, list) else (value, value)
        resource.setrlimit(RLIMITS[name], (soft, hard))
    try:
        drop_privileges(cfg, report)
    except OSError as e:
        report["user"] = {"switched": False, "reason": str(e)}
    if cfg["mode"] == "require" and not report["user"]["switched"] and cfg.get("uid") is not None:
        reason = report["user"]["reason"]
        sys.stderr.write(f"worker launcher: user switch required but failed: {reason}\n")
        os._exit(FATAL)
    # After the uid switch, which clears it: launcher gone -> worker (pid 1) gone, and the
    # kernel takes everything in its pid namespace with it. The grader also kills the
    # worker by pid (process.py), since the worker itself may clear this.
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    harden(cfg, report, landlock)
    worker_cfg["launcher"] = report
    main_py = os.path.join(worker_cfg["sandbox"], cfg["worker_main"])
    argv = [cfg["python"], "-I", "-S", "-B", "-u", main_py, json.dumps(worker_cfg)]
    try:
        os.execve(cfg["python"], argv, cfg["env"])
    except OSError as e:
        sys.stderr.write(f"worker setup error: {exec_failure(cfg['python'], e)}\n")
        sys.stderr.flush()
        os._exit(SETUP)


if __name__ == "__main__":
    main()
