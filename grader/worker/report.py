"""confinement(): what a worker runs under, as a plain dict.

Built from the worker's first frame, written by our own worker code before any learner
code is imported: the launcher's account of each step (applied, or the reason it was
not), and what the worker observed itself (uid, rlimits, network interfaces, whether the
project tree is visible, interpreter flags).
"""

from __future__ import annotations

from .sandbox import INSIDE, Sandbox


def describe(ready: dict, sandbox: Sandbox, python_flags: str, start_seconds: float) -> dict:
    launcher = _dict(ready.get("launcher"))
    net, fs, ipc, pid = (_dict(launcher.get(k)) for k in ("network", "filesystem", "ipc", "pid"))
    user = _dict(launcher.get("user"))
    probes = _dict(ready.get("probes"))
    interfaces = ready.get("interfaces") or []
    visible = sorted(p for p, seen in probes.items() if seen)
    net_ok = bool(net.get("applied")) and set(interfaces) <= {"lo"}
    fs_ok = bool(fs.get("applied")) and not visible
    return {
        "sandbox": sandbox.mode,
        "python": {
            "executable": sandbox.python,
            "flags": python_flags,
            "isolated": _dict(ready.get("flags")).get("isolated") == 1,
        },
        "user": {
            "switched": bool(user.get("switched")),
            "uid": ready.get("uid"),
            "gid": ready.get("gid"),
            "groups": ready.get("groups"),
            "reason": user.get("reason"),
        },
        "limits": _dict(ready.get("rlimits")),
        "network": {
            "isolated": net_ok,
            "how": "network namespace (only a down loopback)" if net_ok else None,
            "reason": None if net_ok else net.get("reason") or f"interfaces {interfaces}",
            "interfaces": interfaces,
        },
        "filesystem": {
            "isolated": fs_ok,
            "how": f"mount namespace, chroot into a tmpfs root; sandbox at {INSIDE}"
            if fs_ok else None,
            "reason": None if fs_ok else fs.get("reason") or f"visible: {visible}",
            "cwd": ready.get("cwd"),
            "project_visible": visible,
        },
        "pid_namespace": {"applied": bool(pid.get("applied")), "reason": pid.get("reason")},
        "ipc_namespace": {"applied": bool(ipc.get("applied")), "reason": ipc.get("reason")},
        "process_group": "own session; SIGKILL to the group on timeout",
        "no_new_privs": bool(launcher.get("no_new_privs")),
        "stdin": "/dev/null",
        "env": ready.get("env"),
        "start_seconds": round(start_seconds, 4),
    }


def _dict(x) -> dict:
    return x if type(x) is dict else {}
