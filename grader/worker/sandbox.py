"""The worker's private folder and the launcher command that confines it.

`Sandbox` copies the worker-side code and the learner's modules into a fresh temporary
folder, chooses an unprivileged uid for the worker, and lists what the worker's root may
contain. child/launcher.py applies it (namespaces, root, limits, user) and reports what
it could; the worker echoes that report in its first frame (exposure.describe reads it).

    <tmp> = $TMPDIR/s13-worker-<grader pid>-<random>
    <tmp>/sandbox/submission/s13_cnn/...   copies of the learner's .py files (the cwd)
    <tmp>/sandbox/worker/                  worker_main.py, inside.py, frames.py, torch_rules.py,
                                           torch_guard.py, failure.py (the worker);
                                           launcher.py, namespaces.py, lsm.py (its
                                           confinement)
    <tmp>/root/                            mount point of the worker's tmpfs root
    <tmp>/scratch/                         its writable folder where there is no new root

Two environment variables of the grader (never the learner's) adjust it:
S13_WORKER_PYTHON, the interpreter the worker runs (default: the grader's own; it must be
executable by the worker's uid and have numpy at the same place), and S13_WORKER_CONFINE
("auto", default, or "landlock": skip the namespaces, as a host that refuses them would).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import stat
import sys
import tempfile
from pathlib import Path

import numpy as np

from coursekit.course import GIVEN_FILES
from coursekit.seam import MODULES, PACKAGE, PROJECT_ROOT, TARGETS
from grader.core.limits import Limits
from grader.worker.cgroup import Cgroup, parent_cgroup
from grader.worker.uids import choose_uid

MODES = ("auto", "require", "none")
DIR_PREFIX = "s13-worker-"  # + the grader's pid + "-" + random
HERE = Path(__file__).resolve().parent
WORKER_FILES = (
    *(HERE / "child" / f"{name}.py"
      for name in ("worker_main", "inside", "launcher", "namespaces", "lsm", "torch_rules",
                   "torch_guard", "failure")),
    HERE / "frames.py",
)
INSIDE = "/sandbox"  # where the sandbox folder appears in an isolated root
MAX_FILES, MAX_BYTES = 500, 16 << 20
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
PYTHON_FLAGS = "-I -S -B -u"
MECHANISMS = ("auto", "landlock")


class Sandbox:
    """One WorkerImpl's folder, uid and launcher settings, shared by its restarts."""

    def __init__(self, submission_root: Path, limits: Limits, mode: str):
        if mode not in MODES:
            raise ValueError(f"sandbox must be one of {MODES}, got {mode!r}")
        self.mode, self.limits = mode, limits
        sweep_stale()
        self.dir = Path(tempfile.mkdtemp(prefix=f"{DIR_PREFIX}{os.getpid()}-"))
        self.host = self.dir / "sandbox"
        try:
            os.chmod(self.dir, 0o755)
            (self.dir / "root").mkdir(mode=0o755)
            (self.host / "worker").mkdir(parents=True, mode=0o755)
            for f in WORKER_FILES:
                shutil.copyfile(f, self.host / "worker" / f.name)
            copy_modules(submission_root / PACKAGE, self.host / "submission" / PACKAGE)
        except BaseException:
            self.remove()
            raise
        self.python = os.path.realpath(os.environ.get("S13_WORKER_PYTHON") or sys.executable)
        self.mechanism = os.environ.get("S13_WORKER_CONFINE") or "auto"
        if self.mechanism not in MECHANISMS:
            self.remove()
            raise ValueError(f"S13_WORKER_CONFINE must be one of {MECHANISMS}")
        self.site = [str(Path(np.__file__).resolve().parents[1])]
        self.uid, self.user_reason = choose_uid(mode)
        self.scratch = self.dir / "scratch"
        self.scratch.mkdir(mode=0o700)
        if self.uid is not None:
            os.chown(self.scratch, self.uid, self.uid)
        self.probe_socket, self.probes = probe_targets(submission_root)
        self.cgroup, self.cgroup_reason = (None, "sandbox='none'") if mode == "none" \
            else Cgroup.make(limits, self.dir.name)

    def command(self, fds: list[int]) -> list[str]:
        """The launcher's argv for a worker that talks on `fds` (request in, response out)."""
        cfg = {
            "parent": os.getpid(),
            "mode": self.mode,
            "mechanism": self.mechanism,
            "scratch": str(self.scratch),
            "root": str(self.dir / "root"),
            "entries": root_entries(self.python, self.site, str(self.host), self.limits),
            "sandbox_host": str(self.host),
            "sandbox_inside": INSIDE,
            "site_inside": site_inside(self.site),
            "worker_main": "worker/worker_main.py",
            "python": self.python,
            "rlimits": self.limits.rlimits(),
            "cgroup": str(self.cgroup.path) if self.cgroup else None,
            "cgroup_reason": self.cgroup_reason,
            "uid": self.uid,
            "gid": self.uid,
            "user_reason": self.user_reason,
            "env": worker_env(),
        }
        worker_cfg = {
            "fds": fds,
            "modules": {k: f"{PACKAGE}.{v}" for k, v in MODULES.items()},
            "site": self.site,
            "probes": self.probes,
            "given": [f"{PACKAGE}/{f}" for f in GIVEN_FILES],
        }
        launcher = str(self.host / "worker" / "launcher.py")
        return [self.python, "-I", "-S", launcher, json.dumps(cfg), json.dumps(worker_cfg)]

    def remove(self) -> None:
        sock = getattr(self, "probe_socket", None)
        if sock is not None:
            sock.close()
        if getattr(self, "cgroup", None) is not None:
            self.cgroup.remove()
        shutil.rmtree(self.dir, ignore_errors=True)


def probe_targets(submission_root: Path) -> tuple[socket.socket, dict]:
    """What the worker must fail to reach (worker_main.probe tries each before any learner
    code runs): an abstract unix socket listening here, the grader's files and process."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    name = f"s13-probe-{os.getpid()}-{secrets.token_hex(8)}"
    listener.bind("\0" + name)
    listener.listen(8)
    hidden = sorted((HERE.parent / "hidden").glob("test_*_hidden.py"))
    solutions = sorted((TARGETS["solutions"] / PACKAGE).glob("*/*.py"))
    home = sorted(p for p in Path.home().glob("*") if p.is_file())[:1]
    files = [PROJECT_ROOT / "pyproject.toml", HERE.parent / "cli.py", *home,
             *sorted((submission_root / PACKAGE).glob("*/*.py"))[:1]]
    return listener, {
        "hidden_test": str(hidden[0]) if hidden else str(HERE.parent / "hidden"),
        "solutions": str(solutions[0]) if solutions else str(TARGETS["solutions"]),
        "files": [str(f) for f in files],
        "abstract_socket": name,
        "grader_pid": os.getpid(),
    }


def sweep_stale() -> None:
    """Removes the folders and cgroups of graders that died without cleaning up (a hard
    kill skips finalizers); each name carries the pid of the process that made it."""
    parent, _ = parent_cgroup()
    for folder in Path(tempfile.gettempdir()).glob(f"{DIR_PREFIX}*-*"):
        if _of_dead_grader(folder.name):
            shutil.rmtree(folder, ignore_errors=True)
    for group in parent.glob(f"{DIR_PREFIX}*-*") if parent is not None else ():
        if _of_dead_grader(group.name):
            Cgroup(group).remove()


def _of_dead_grader(name: str) -> bool:
    pid = name[len(DIR_PREFIX) :].split("-")[0]
    return pid.isdigit() and not pid_alive(int(pid))


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def copy_modules(src: Path, dst: Path) -> None:
    """Regular .py files and folders only, bounded, no bytecode.

    A symlinked file is copied only when it resolves inside the submission; any other
    link, to a file or a folder, is refused: as root, following it could leak what the
    learner must not read (hidden tests, other submissions).
    """
    inside = src.resolve()
    files = size = 0
    for folder, dirs, names in os.walk(src, followlinks=False):
        for d in dirs:
            if Path(folder, d).is_symlink():
                raise ValueError(f"submission folder {Path(folder, d)} is a symlink")
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        target = dst / Path(folder).relative_to(src)
        target.mkdir(parents=True, exist_ok=True, mode=0o755)
        for name in sorted(names):
            path = Path(folder, name)
            if not name.endswith(".py"):
                continue
            if path.is_symlink():
                real = path.resolve()
                if not real.is_relative_to(inside):
                    raise ValueError(f"submission file {path} links outside the submission")
                path = real
            st = path.lstat()
            if not stat.S_ISREG(st.st_mode):
                continue
            files, size = files + 1, size + st.st_size
            if files > MAX_FILES or size > MAX_BYTES:
                raise ValueError(f"submission over {MAX_FILES} files or {MAX_BYTES} bytes")
            shutil.copyfile(path, target / name, follow_symlinks=False)
            os.chmod(target / name, 0o644)


def root_entries(python: str, site: list[str], sandbox: str, limits: Limits) -> list[dict]:
    """What an isolated root holds: the system's libraries, Python, numpy, the sandbox."""
    entries: list[dict] = []
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/", name)
        if path.is_symlink():
            entries.append({"kind": "symlink", "src": os.readlink(path), "dst": str(path)})
        elif path.is_dir():
            entries.append({"kind": "dir", "src": str(path), "dst": str(path)})
    covered: list[str] = []
    for path in ["/usr", os.path.realpath(sys.base_prefix), os.path.dirname(python)]:
        if not any(path == c or path.startswith(c + os.sep) for c in covered):
            covered.append(path)
            entries.append({"kind": "dir", "src": path, "dst": path})
    # site-packages not at their own path, which may lie inside the project tree
    for path, inside in zip(site, site_inside(site), strict=True):
        entries.append({"kind": "dir", "src": path, "dst": inside})
    if os.path.isfile("/etc/ld.so.cache"):
        entries.append({"kind": "file", "src": "/etc/ld.so.cache", "dst": "/etc/ld.so.cache"})
    for dev in ("null", "zero", "random", "urandom"):
        entries.append({"kind": "dev", "src": f"/dev/{dev}", "dst": f"/dev/{dev}", "ro": False})
    for dev in gpu_devices():  # part 6 on a GPU host: the NVIDIA device nodes, nothing else
        entries.append({"kind": "dev", "src": dev, "dst": dev, "ro": False})
    entries.append({"kind": "tmpfs", "dst": "/tmp", "size": limits.tmp_size})
    entries.append({"kind": "dir", "src": sandbox, "dst": INSIDE})
    return entries


def gpu_devices() -> list[str]:
    """The NVIDIA device nodes of this host (/dev/nvidia0, nvidiactl, nvidia-uvm, ...)."""
    return sorted(str(p) for p in Path("/dev").glob("nvidia*") if p.is_char_device())


def site_inside(site: list[str]) -> list[str]:
    return [f"/site/{i}" for i in range(len(site))]


def worker_env() -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp", "TMPDIR": "/tmp"}
    return env | {var: "1" for var in THREAD_VARS}
