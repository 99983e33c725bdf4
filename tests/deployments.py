"""The deployment modes the grader must stay confined in, as commands for the tests.

    as-invoked          the grader as the test runs it (root in CI: full root)
    no-cap-sys-admin    root without CAP_SYS_ADMIN, as Docker and Gradescope give it:
                        `capsh --drop=cap_sys_admin -- -c ...`
    unprivileged-user   an ordinary user the tests create (useradd), running a copy of the
                        project with a venv built for it from uv.lock on /usr/bin/python3
                        (`setpriv --reuid ...`)
    landlock-only       root, with the namespaces skipped as a host that refuses unshare
                        would (S13_WORKER_CONFINE=landlock), on the same venv, whose Python
                        the worker's uid can execute

The user, the project copy and its venv are made once per session (user_install), as
root only; a mode that cannot be set up here is skipped, saying why.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
USER = "s13-grader-test"
SYSTEM_PYTHON = "/usr/bin/python3"
MODES = ("as-invoked", "no-cap-sys-admin", "unprivileged-user", "landlock-only")
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "runs", "grades", "__pycache__", ".hypothesis", ".pytest_cache",
    ".ruff_cache", "*.pyc",
)  # fmt: skip


def tool(name: str) -> str | None:
    """The absolute path of a system tool (sbin included, which a user's PATH may lack)."""
    return shutil.which(name, path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin:/usr/bin")


@dataclass(frozen=True)
class Install:
    """The test user and the project copy it runs (readable by everyone)."""

    uid: int
    gid: int
    home: Path  # holds project/ and venv/
    project: Path
    venv: Path


class Unavailable(Exception):
    """This mode cannot be set up on this machine (the reason says why)."""


@cache
def user_install() -> Install:
    """The test user, a copy of the project and a venv from uv.lock on /usr/bin/python3.

    About 10 s with a warm uv cache (the venv's files are hard links into it), plus the
    bytecode compiled once (--compile-bytecode, as .ci/run does for the project's venv): the
    test user cannot write a .pyc into this root-owned venv, and where PYTHONDONTWRITEBYTECODE
    is set nobody does, so without it every grader, shard and worker process of the test
    user's modes would compile numpy, pytest, hypothesis and torch from source again."""
    if os.geteuid() != 0:
        raise Unavailable("needs root (to create a user); the CI runs as root")
    for name in ("useradd", "setpriv", "uv"):
        if tool(name) is None:
            raise Unavailable(f"{name} is not on PATH")
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        raise Unavailable(f"no {SYSTEM_PYTHON}")
    probe = [SYSTEM_PYTHON, "-c", "import sys; print(*sys.version_info[:2])"]
    theirs = subprocess.run(probe, capture_output=True, text=True).stdout.split()
    if theirs != [str(v) for v in sys.version_info[:2]]:  # its wheels would be downloaded
        raise Unavailable(
            f"{SYSTEM_PYTHON} is Python {'.'.join(theirs)}, not "
            f"{sys.version_info[0]}.{sys.version_info[1]} like the project's venv"
        )
    try:
        pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(
            [tool("useradd"), "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
            check=True,
            capture_output=True,
        )
    entry = pwd.getpwnam(USER)
    home = Path(tempfile.mkdtemp(prefix="s13-user-install-"))
    home.chmod(0o755)
    project, venv = home / "project", home / "venv"
    shutil.copytree(PROJECT, project, ignore=COPY_IGNORE, symlinks=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_PYTHON"))}
    env["UV_PROJECT_ENVIRONMENT"] = str(venv)
    done = subprocess.run(
        [tool("uv"), "sync", "--locked", "--no-dev", "--compile-bytecode", "--python",
         SYSTEM_PYTHON, "-q"],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if done.returncode != 0:
        raise Unavailable(f"uv sync for the test user failed: {done.stderr[-2000:]}")
    subprocess.run(["chmod", "-R", "a+rX", str(home)], check=True)
    return Install(entry.pw_uid, entry.pw_gid, home, project, venv)


def skip_reason(mode: str) -> str | None:
    """Why `mode` cannot run here (None: it can)."""
    if mode == "as-invoked":
        return None
    if os.geteuid() != 0:
        return f"{mode}: needs root (the CI runs as root)"
    if mode == "no-cap-sys-admin" and tool("capsh") is None:
        return "no-cap-sys-admin: capsh is not installed (Debian: libcap2-bin)"
    if mode in ("unprivileged-user", "landlock-only"):
        try:
            user_install()
        except Unavailable as exc:
            return f"{mode}: {exc}"
    return None


def command(mode: str, args: list[str], program: list[str], tool_name: str = "grader") -> list[str]:
    """argv running `program ARGS` in `mode`; `program` is the as-invoked command, and in
    the test user's modes `tool_name` (grader, python) of its venv replaces it."""
    if mode == "as-invoked":
        return [*program, *args]
    if mode == "no-cap-sys-admin":
        line = shlex.join([*program, *args])
        return [tool("capsh"), "--drop=cap_sys_admin", "--", "-c", f"exec {line}"]
    install = user_install()
    mine = [str(install.venv / "bin" / tool_name), *args]
    if mode == "landlock-only":
        return mine
    return [
        tool("setpriv"),
        f"--reuid={install.uid}",
        f"--regid={install.gid}",
        "--clear-groups",
        "--",
        *mine,
    ]


def environment(mode: str, base: dict[str, str]) -> dict[str, str]:
    env = dict(base)
    if mode in ("unprivileged-user", "landlock-only"):
        for key in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT"):
            env.pop(key, None)
        env["PATH"] = f"{user_install().venv / 'bin'}:/usr/bin:/bin"
    if mode == "landlock-only":
        env["S13_WORKER_CONFINE"] = "landlock"
    return env


def workdir(mode: str) -> Path:
    """Where the grader runs: the project, or the test user's copy of it."""
    return user_install().project if mode in ("unprivileged-user", "landlock-only") else PROJECT


def give_to_user(mode: str, *paths: Path) -> None:
    """Folders the grader writes to, owned by the test user in its mode (and everything
    is readable by it)."""
    for path in paths:
        subprocess.run(["chmod", "-R", "a+rX", str(path)], check=True)
        if mode == "unprivileged-user":
            install = user_install()
            os.chown(path, install.uid, install.gid)


def confinement(mode: str, program: list[str]) -> dict:
    """A worker's confinement report in `mode` (grader.worker.check_confinement)."""
    import json

    code = "import json; from grader.worker import check_confinement as c; print(json.dumps(c()))"
    done = subprocess.run(
        command(mode, ["-c", code], program, "python"), cwd=workdir(mode),
        env=environment(mode, dict(os.environ)), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        return {"error": f"{mode}: check_confinement failed: {done.stderr[-3000:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])
