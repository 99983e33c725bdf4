"""Linux namespaces for the worker: a user namespace with its uid/gid maps written from
outside, and a fresh tmpfs root holding read-only binds of only what the worker needs.

Loaded by launcher.py from its own folder (standard library only, like it).
"""

import os
import signal

from lsm import PR_SET_PDEATHSIG, mount, prctl, unshare, write_file

FATAL = 111  # the launcher's exit status when it fails

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWIPC = 0x00020000, 0x10000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
NAMESPACES = CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWPID
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT = 1, 2, 4, 32
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
KEEP_FLAGS = 1 | 2 | 4 | 8 | 1024 | 2048 | 4096  # ST_RDONLY..ST_RELATIME == MS_* (locked)



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
