"""Linux's own security modules, from Python: a Landlock ruleset (files, TCP, scoping of
signals and abstract sockets) and a seccomp filter (no socket(), no io_uring), plus the
libc calls the launcher makes. ctypes only: the standard library binds none of them.

Loaded by launcher.py from its own folder (standard library only, like it).
"""

import ctypes
import os
import platform
import struct

PR_SET_PDEATHSIG, PR_SET_SECCOMP = 1, 22

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
