"""Starts one worker inside whatever confinement this machine allows, then execs it.

Run by the grader as `python -I -S launcher.py CONFIG WORKER_CONFIG` in a new session,
with the grader's privileges and before any learner code exists in the process. Standard
library only (it must not import the project). In order, each step tried and reported:

1. a network namespace (no interfaces but a down loopback: nothing to connect to);
2. a mount namespace with a fresh tmpfs root holding read-only binds of only what Python
   and numpy need plus the sandbox folder, a small writable /tmp, and a chroot into it;
3. an IPC namespace (no System V IPC shared with other workers);
4. a pid namespace: the worker is its pid 1, so when it dies every process it started
   dies too, whatever session or group they moved to; this launcher stays as its reaper
   and exits with its status;
5. resource limits, an unprivileged uid/gid of its own (when run as root), no new
   privileges, a scrubbed environment, then exec of `python -I -S -B -u worker_main.py`.

With mode "auto" a step that fails is reported and skipped; with "require" it is fatal
(exit status 111, reason on stderr); "none" tries no namespaces and no user switch.
"""

import ctypes
import json
import os
import resource
import signal
import sys

CLONE_NEWNS, CLONE_NEWIPC = 0x00020000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT = 1, 2, 4, 32
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
RLIMITS = {
    "cpu": resource.RLIMIT_CPU,
    "as": resource.RLIMIT_AS,
    "nproc": resource.RLIMIT_NPROC,
    "fsize": resource.RLIMIT_FSIZE,
    "nofile": resource.RLIMIT_NOFILE,
    "core": resource.RLIMIT_CORE,
}
FATAL = 111

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
libc.unshare.argtypes = [ctypes.c_int]
libc.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4


def _check(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def unshare(flag: int, what: str) -> None:
    _check(libc.unshare(flag), f"unshare({what})")


def mount(src, target, fstype, flags, data=None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    _check(libc.mount(enc(src), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def prctl(option: int, arg: int) -> None:
    _check(libc.prctl(option, arg, 0, 0, 0), f"prctl({option})")


def build_root(root: str, entries: list) -> None:
    """A tmpfs at `root` holding exactly `entries`, each at its own absolute path."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we mount leaks to the host
    mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
    for e in entries:
        target = root + e["dst"]
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        kind = e["kind"]
        if kind == "symlink":
            os.symlink(e["src"], target)
            continue
        if kind == "tmpfs":
            os.makedirs(target, mode=0o755, exist_ok=True)
            mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={e['size']},mode=1777")
            continue
        if kind == "dir":
            os.makedirs(target, mode=0o755, exist_ok=True)
        else:  # "file" or "dev": a bind needs an existing file to mount over
            open(target, "a").close()
        mount(e["src"], target, None, MS_BIND)  # not MS_REC: submounts stay hidden
        flags = MS_BIND | MS_REMOUNT | MS_NOSUID
        flags |= 0 if kind == "dev" else MS_NODEV
        flags |= MS_RDONLY if e.get("ro", True) else 0
        mount(None, target, None, flags)


def confine(cfg: dict, report: dict) -> bool:
    """Namespaces and the new root; returns whether the worker will run in a pid namespace."""
    mode = cfg["mode"]

    def attempt(key, step):
        try:
            step()
            report[key] = {"applied": True, "reason": None}
        except OSError as e:
            report[key] = {"applied": False, "reason": str(e)}
            if mode == "require":
                sys.stderr.write(f"worker launcher: {key} isolation required but failed: {e}\n")
                os._exit(FATAL)

    if mode == "none":
        for key in ("network", "filesystem", "ipc", "pid"):
            report[key] = {"applied": False, "reason": "sandbox='none'"}
        return False
    attempt("network", lambda: unshare(CLONE_NEWNET, "CLONE_NEWNET"))

    def fs():
        unshare(CLONE_NEWNS, "CLONE_NEWNS")
        build_root(cfg["root"], cfg["entries"])

    attempt("filesystem", fs)
    attempt("ipc", lambda: unshare(CLONE_NEWIPC, "CLONE_NEWIPC"))  # no SysV IPC with others
    attempt("pid", lambda: unshare(CLONE_NEWPID, "CLONE_NEWPID"))
    return report["pid"]["applied"]


def reap_and_exit(child: int, keep_fds: list) -> None:
    """The launcher's life after the fork: hold no pipe, wait, pass the status on."""
    for fd in keep_fds:
        os.close(fd)
    devnull = os.open("/dev/null", os.O_WRONLY)
    os.dup2(devnull, 1)  # the worker's output pipes must close when the worker dies
    os.dup2(devnull, 2)
    while True:
        try:
            _, status = os.waitpid(child, 0)
            break
        except ChildProcessError:
            os._exit(FATAL)
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def drop_privileges(cfg: dict, report: dict) -> None:
    uid, gid = cfg.get("uid"), cfg.get("gid")
    if uid is None or os.geteuid() != 0:
        report["user"] = {"switched": False, "reason": cfg.get("user_reason") or "not root"}
        return
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    report["user"] = {"switched": True, "reason": None}


def main() -> None:
    cfg = json.loads(sys.argv[1])
    worker_cfg = json.loads(sys.argv[2])
    os.umask(0o022)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # the grader gone -> this launcher gone
    if os.getppid() != cfg["parent"]:
        os._exit(FATAL)
    report: dict = {}
    in_pid_ns = confine(cfg, report)
    if in_pid_ns:
        child = os.fork()
        if child:
            reap_and_exit(child, worker_cfg["fds"])
    if report["filesystem"]["applied"]:
        os.chroot(cfg["root"])
        worker_cfg["sandbox"] = cfg["sandbox_inside"]
        worker_cfg["site"] = cfg["site_inside"]
    else:
        worker_cfg["sandbox"] = cfg["sandbox_host"]
    os.chdir(os.path.join(worker_cfg["sandbox"], "submission"))
    for name, value in cfg["rlimits"].items():
        soft, hard = value if isinstance(value, list) else (value, value)
        resource.setrlimit(RLIMITS[name], (soft, hard))
    try:
        drop_privileges(cfg, report)
    except OSError as e:
        report["user"] = {"switched": False, "reason": str(e)}
    if cfg["mode"] == "require" and not report["user"]["switched"]:
        reason = report["user"]["reason"]
        sys.stderr.write(f"worker launcher: user switch required but failed: {reason}\n")
        os._exit(FATAL)
    # After the uid switch, which clears it: launcher gone -> worker (pid 1) gone, and the
    # kernel takes everything in its pid namespace with it. The grader also kills the
    # worker by pid (process.py), since the worker itself may clear this.
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    try:
        prctl(PR_SET_NO_NEW_PRIVS, 1)
        report["no_new_privs"] = True
    except OSError:
        report["no_new_privs"] = False
    worker_cfg["launcher"] = report
    main_py = os.path.join(worker_cfg["sandbox"], cfg["worker_main"])
    argv = [cfg["python"], "-I", "-S", "-B", "-u", main_py, json.dumps(worker_cfg)]
    os.execve(cfg["python"], argv, cfg["env"])


if __name__ == "__main__":
    main()
