"""confinement(): what a worker runs under, as a plain dict; exposed(): what got through.

Built from the worker's first frame, written by our own worker code before any learner
code is imported: the launcher's account of each step (applied, or the reason it was
not), and what the worker observed itself (uid, rlimits, network interfaces, interpreter
flags), above all its probes: each way out (the hidden tests, the solutions, the project
and home folders, loopback TCP and UDP, the grader's abstract unix socket, the grader's
/proc entry, a signal to the grader) tried from the inside. Any probe that got through
is listed in "exposed", and the grader refuses to grade (fails closed).
"""

from __future__ import annotations

from grader.core.limits import memory_in_force
from grader.worker.sandbox import INSIDE, Sandbox

HOW = {
    "namespaces": "namespaces owned by the grader (root with CAP_SYS_ADMIN)",
    "user namespace": "namespaces inside a user namespace of its own",
    "landlock": "Landlock and seccomp, without namespaces",
    "none": "nothing (sandbox='none')",
}
FIX = (
    "let the grader create user namespaces (sysctl kernel.unprivileged_userns_clone=1 or "
    "user.max_user_namespaces > 0; in Docker, a seccomp profile that allows unshare), or "
    "run it on a kernel with Landlock (ABI 6 or later: 6.12+) enabled (lsm=...,landlock); "
    "`--sandbox none` grades unconfined, for trusted code only"
)


def exposed(ready: dict) -> list[str]:
    """What the worker's probes reached (empty: every way out is closed)."""
    probes = _dict(ready.get("probes"))
    if not probes:
        return ["the worker ran no probes"]
    return [f"{name}: {what}" for name, what in probes.items() if what is not None]


def describe(ready: dict, sandbox: Sandbox, python_flags: str, start_seconds: float) -> dict:
    launcher = _dict(ready.get("launcher"))
    net, fs, ipc, pid = (_dict(launcher.get(k)) for k in ("network", "filesystem", "ipc", "pid"))
    user, landlock = _dict(launcher.get("user")), _dict(launcher.get("landlock"))
    seccomp = _dict(launcher.get("seccomp"))
    cgroup = _dict(launcher.get("cgroup"))
    joined = str(sandbox.cgroup.path) if sandbox.cgroup and cgroup.get("applied") else None
    probes = _dict(ready.get("probes"))
    interfaces = ready.get("interfaces") or []
    mechanism = launcher.get("mechanism") or "none"
    leaks = exposed(ready)
    net_leaks = [x for x in leaks if x.startswith(("loopback", "abstract"))]
    fs_leaks = [x for x in leaks if x.startswith(("hidden", "solutions", "file"))]
    ll_fs = bool(landlock.get("applied")) and bool(landlock.get("filesystem"))
    return {
        "sandbox": sandbox.mode,
        "mechanism": mechanism,
        "how": HOW.get(mechanism, mechanism),
        "exposed": leaks,
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
        "memory": memory_in_force(joined, sandbox.limits,
                                  cgroup.get("reason") or sandbox.cgroup_reason),
        "cgroup": joined,
        "oom_score_adj": launcher.get("oom_score_adj"),
        "network": {
            "isolated": bool(probes) and not net_leaks,
            "how": "network namespace (only a down loopback)" if net.get("applied")
            else "Landlock (no TCP) and seccomp (no socket())" if seccomp.get("applied")
            else None,
            "reason": "; ".join(net_leaks) or None if probes else "no probes",
            "interfaces": interfaces,
        },
        "filesystem": {
            "isolated": bool(probes) and not fs_leaks,
            "how": f"mount namespace, chroot into a tmpfs root; sandbox at {INSIDE}"
            if fs.get("applied") else "Landlock: read only what Python and numpy need"
            if ll_fs else None,
            "reason": "; ".join(fs_leaks) or None if probes else "no probes",
            "cwd": ready.get("cwd"),
        },
        "pid_namespace": {"applied": bool(pid.get("applied")), "reason": pid.get("reason")},
        "ipc_namespace": {"applied": bool(ipc.get("applied")), "reason": ipc.get("reason")},
        "landlock": {"applied": bool(landlock.get("applied")), "abi": landlock.get("abi"),
                     "scoped": bool(landlock.get("scoped")), "reason": landlock.get("reason")},
        "process_group": "own session; SIGKILL to the group on timeout",
        "no_new_privs": bool(launcher.get("no_new_privs")),
        "stdin": "/dev/null",
        "env": ready.get("env"),
        "start_seconds": round(start_seconds, 4),
    }


def _dict(x) -> dict:
    return x if type(x) is dict else {}
