"""Attack kills_the_grader: same_pad(7) sends SIGSTOP then SIGKILL to its parent, its process
group, kill(-1), and every process whose command line names the grader, then answers
honestly.
"""

ATTACK = {
    "base": "solutions",
    "deserves": "at_most",
    "kind": "dos",
    "requires": ("pidns", "user"),
    "statuses": ("ok", "timeout", "crashed"),
}

# ---- appended to the submission below this line
from adversarial.shared.guard import _adv_proc_is_mine  # inlined


def _adv_attack():
    import os
    import signal
    targets = {os.getppid()}
    try:
        for pid in os.listdir("/proc"):
            if pid.isdigit() and _adv_proc_is_mine(pid):
                targets.add(int(pid))
    except OSError:
        pass
    targets.discard(os.getpid())
    targets.discard(0)
    for sig in (signal.SIGSTOP, signal.SIGKILL):
        for pid in targets:
            if _adv_proc_is_mine(pid):  # harness: only the test's own grader processes
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
        try:
            if sig == signal.SIGSTOP:
                os.killpg(os.getpgrp(), sig)  # its own group: the launcher, when visible
        except OSError:
            pass
    if os.getpid() == 1:  # harness: kill(-1) only as init of its own pid namespace
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
import adversarial.shared.dos_wrap  # noqa: F401 (inlined)
