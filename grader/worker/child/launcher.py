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

Then, in every mechanism: resource limits, an unprivileged uid of its own (when run as
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

import ctypes
import json
import os
import platform
import resource
import signal
import struct
import sys

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWIPC = 0x00020000, 0x10000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
NAMESPACES = CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWPID
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT = 1, 2, 4, 32
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
KEEP_FLAGS = 1 | 2 | 4 | 8 | 1024 | 2048 | 4096  # ST_RDONLY..ST_RELATIME == MS_* (locked)
PR_SET_PDEATHSIG, PR_SET_SECCOMP, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 22, 36, 38
RLIMITS = {
    "cpu": resource.RLIMIT_CPU,
    "as": resource.RLIMIT_AS,
    "nproc": resource.RLIMIT_NPROC,
    "fsize": resource.RLIMIT_FSIZE,
    "nofile": resource.RLIMIT_NOFILE,
    "core": resource.RLIMIT_CORE,
}
FATAL, SETUP = 111, 112

# Landlock (include/uapi/linux/landlock.h); the syscall numbers are the same on every arch
SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
RULE_PATH_BENEATH = 1
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_ALL = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
FS_FILE_ONLY = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | (1 << 14) | (1 << 15)
NET_ALL = 1 | 2  # LANDLOCK_ACCESS_NET_BIND_TCP | CONNECT_TCP (ABI 4)
SCOPE_ALL = 1 | 2  # LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | SIGNAL (ABI 6)

# seccomp: socket() and io_uring_setup() -> EACCES; foreign-arch and x32 calls too
AUDIT_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
SYS_IO_URING_SETUP = 425
SECCOMP_RET_ALLOW, SECCOMP_RET_EACCES = 0x7FFF0000, 0x00050000 | 13

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
libc.unshare.argtypes = [ctypes.c_int]
libc.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
libc.syscall.restype = ctypes.c_long


def _check(rc: int, what: str) -> None:
    if rc < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def syscall(*args) -> int:
    """libc's syscall(2), every integer passed as a full long."""
    return libc.syscall(*(ctypes.c_long(a) if type(a) is int else a for a in args))


def unshare(flags: int, what: str) -> None:
    _check(libc.unshare(flags), f"unshare({what})")


def mount(src, target, fstype, flags, data=None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    _check(libc.mount(enc(src), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def prctl(option: int, arg: int, arg2: int = 0) -> None:
    _check(libc.prctl(option, arg, arg2, 0, 0), f"prctl({option})")


def write_file(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


# ------------------------------------------------------------------------- namespaces


def enter_user_namespace(cfg: dict, keep_fds: list) -> None:
    """A new user namespace, with this process as its root (raises OSError if refused).

    An ordinary user maps only its own uid and gid. Root forks: the child unshares, and
    the parent, still holding CAP_SETUID outside, writes maps for 0 and the worker's uid
    and gid, then stays outside as the child's reaper (it never returns)."""
    euid, egid = os.geteuid(), os.getegid()
    if euid != 0:
        unshare(CLONE_NEWUSER, "CLONE_NEWUSER")
        write_file("/proc/self/setgroups", "deny")
        write_file("/proc/self/uid_map", f"{euid} {euid} 1\n")
        write_file("/proc/self/gid_map", f"{egid} {egid} 1\n")
        return
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(ready_r)
        os.close(go_w)
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        try:
            unshare(CLONE_NEWUSER, "CLONE_NEWUSER")
        except OSError as e:
            os.write(ready_w, f"{e.errno}".encode())
            raise
        os.write(ready_w, b"0")
        if os.read(go_r, 1) != b"0":
            raise OSError(1, "user namespace: the maps could not be written")
        os.close(go_r)
        os.close(ready_w)
        return
    os.close(ready_w)
    os.close(go_r)
    status = os.read(ready_r, 8)
    ok = b"0"
    if status == b"0":
        uid, gid = cfg["uid"], cfg["gid"]
        try:
            write_file(f"/proc/{child}/uid_map", f"0 0 1\n{uid} {uid} 1\n")
            write_file(f"/proc/{child}/gid_map", f"0 0 1\n{gid} {gid} 1\n")
        except OSError:
            ok = b"1"
        os.write(go_w, ok)
    os.close(go_w)
    reap_and_exit(child, keep_fds)


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
        # in a user namespace a remount must keep the flags the source mount has locked
        flags = MS_BIND | MS_REMOUNT | MS_NOSUID | (os.statvfs(target).f_flag & KEEP_FLAGS)
        flags |= 0 if kind == "dev" else MS_NODEV
        flags |= MS_RDONLY if e.get("ro", True) else 0
        mount(None, target, None, flags)


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


def reap_and_exit(child: int, keep_fds: list) -> None:
    """The launcher's life after a fork: hold no pipe, wait, pass the status on."""
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


# ------------------------------------------------------------------------- Landlock


class Landlock:
    """A Landlock ruleset (ctypes; no binding in the standard library)."""

    def __init__(self, fs: bool, net: bool):
        self.abi = max(0, syscall(SYS_CREATE_RULESET, None, 0, 1))  # VERSION flag
        if self.abi < 1:
            raise OSError(95, "Landlock is not available (kernel without it, or disabled)")
        self.fs = FS_ALL[max(k for k in FS_ALL if k <= self.abi)] if fs else 0
        self.net = NET_ALL if net and self.abi >= 4 else 0
        self.scoped = SCOPE_ALL if self.abi >= 6 else 0
        attr = struct.pack("QQQ", self.fs, self.net, self.scoped)
        size = 24 if self.abi >= 6 else 16 if self.abi >= 4 else 8
        if not (self.fs or self.net or self.scoped):
            raise OSError(95, f"Landlock ABI {self.abi} has nothing to restrict here")
        self.fd = syscall(SYS_CREATE_RULESET, attr[:size], size, 0)
        _check(self.fd, "landlock_create_ruleset")

    def allow(self, path: str, access: int) -> None:
        """`access` below `path` (a file gets only the rights that apply to files)."""
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        try:
            if not os.path.isdir(path):
                access &= FS_FILE_ONLY
            rule = struct.pack("=Qi", access & self.fs, fd)
            _check(syscall(SYS_ADD_RULE, self.fd, RULE_PATH_BENEATH, rule, 0), path)
        finally:
            os.close(fd)

    def restrict(self) -> None:
        _check(syscall(SYS_RESTRICT_SELF, self.fd, 0), "landlock_restrict_self")
        os.close(self.fd)

    def describe(self) -> dict:
        return {"applied": True, "abi": self.abi, "filesystem": bool(self.fs),
                "tcp": bool(self.net), "scoped": bool(self.scoped), "reason": None}


def landlock_rules(cfg: dict, fs: bool, net: bool) -> Landlock:
    """Read and execute what the worker needs, write its scratch folder and devices."""
    ruleset = Landlock(fs, net)
    if ruleset.fs:
        read = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
        for e in cfg["entries"]:
            if e["kind"] in ("dir", "file"):
                ruleset.allow(e["src"], read)
            elif e["kind"] == "dev":
                ruleset.allow(e["src"], FS_READ_FILE | FS_WRITE_FILE)
        ruleset.allow(cfg["scratch"], FS_ALL[max(k for k in FS_ALL if k <= ruleset.abi)])
    return ruleset


def seccomp_no_sockets() -> None:
    """A seccomp filter: socket() and io_uring_setup() fail with EACCES (socketpair works)."""
    arch, nr_socket = AUDIT_ARCH[platform.machine()]
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    prog = [
        (ld, 0, 0, 4),  # seccomp_data.arch
        (jeq, 1, 0, arch),
        (ret, 0, 0, SECCOMP_RET_EACCES),  # a foreign ABI (int 0x80): refused
        (ld, 0, 0, 0),  # seccomp_data.nr
        (jge, 3, 0, 0x40000000),  # x32
        (jeq, 2, 0, nr_socket),
        (jeq, 1, 0, SYS_IO_URING_SETUP),
        (ret, 0, 0, SECCOMP_RET_ALLOW),
        (ret, 0, 0, SECCOMP_RET_EACCES),
    ]
    filters = b"".join(struct.pack("HBBI", *f) for f in prog)
    buf = ctypes.create_string_buffer(filters)
    fprog = struct.pack("HxxxxxxP", len(prog), ctypes.addressof(buf))
    fbuf = ctypes.create_string_buffer(fprog)
    prctl(PR_SET_SECCOMP, 2, ctypes.addressof(fbuf))  # SECCOMP_MODE_FILTER


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
